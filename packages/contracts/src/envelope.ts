import { Type, type Static } from '@sinclair/typebox';
import { Timestamp, Uuid } from './dto.js';

/** W3C Trace Context `traceparent`: version-trace_id-parent_id-flags, lowercase hex. */
export const TraceParent = Type.String({ pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' });

/**
 * Every event on the bus travels in this envelope (ARCHITECTURE "Events"). `data` is checked
 * separately against the schema registered for `type` and `version`, see `validateEvent`.
 */
export const EventEnvelope = Type.Object({
  id: Uuid,
  type: Type.String({
    pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$',
    description: 'e.g. catalog.product.updated',
  }),
  version: Type.Integer({ minimum: 1 }),
  occurred_at: Timestamp,
  source: Type.String({ pattern: '^[a-z][a-z0-9-]*$', description: 'The publishing service' }),
  trace_parent: Type.Optional(TraceParent),
  data: Type.Unknown(),
});
/** An envelope whose `data` has not been narrowed to its type: what transports carry. */
export type EventEnvelope = Static<typeof EventEnvelope>;
