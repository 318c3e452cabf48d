/**
 * The operations API (`/api/v1/ops/*` at the gateway, manager and admin) that the admin operations
 * page reads, and the `/internal/ops/*` routes every service's kit serves for it (service token only).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Timestamp } from './dto.js';
import { Int4 } from './numbers.js';

/** The services that consume events, and so may hold dead letters. */
export const ConsumingService = Type.Union(
  [Type.Literal('search'), Type.Literal('orders'), Type.Literal('analytics')],
  { description: 'A service that consumes events: search, orders or analytics' },
);
export type ConsumingService = Static<typeof ConsumingService>;

/** Every service of the platform, the gateway included. */
export const ServiceName = Type.Union(
  ['gateway', 'identity', 'catalog', 'search', 'orders', 'payments', 'analytics'].map((name) =>
    Type.Literal(name),
  ),
  { description: 'A service of the platform' },
);

const TraceId = Type.String({
  pattern: '^[0-9a-f]{32}$',
  description: 'W3C trace id: 32 lowercase hex digits',
});
const SpanId = Type.String({
  pattern: '^[0-9a-f]{16}$',
  description: 'W3C span id: 16 lowercase hex digits',
});

/** One service's health in numbers, over the last minute (since start when it is younger). */
export const OpsServiceSummary = Type.Object({
  name: Type.String(),
  /** `ok`; `degraded`: a dependency fails its readiness check or over 5% of requests fail; `down`: no answer. */
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('down')]),
  request_rate_per_s: Type.Number({ minimum: 0 }),
  /** Share of answered requests that were 5xx, 0 to 1. */
  error_rate: Type.Number({ minimum: 0, maximum: 1 }),
  /** 95th percentile of request duration in ms, interpolated in the histogram bucket; 0 without requests. */
  p95_ms: Type.Number({ minimum: 0 }),
  /** Events written and not yet published (0 for a service without an outbox). */
  outbox_backlog: Type.Integer({ minimum: 0 }),
  outbox_oldest_seconds: Type.Number({ minimum: 0 }),
  /** Messages in the service's dead-letter queues (counted up to 1,000 per consumer). */
  dead_letters: Type.Integer({ minimum: 0 }),
});
export type OpsServiceSummary = Static<typeof OpsServiceSummary>;

/** `GET /api/v1/ops/overview`. */
export const OpsOverview = Type.Object({
  generated_at: Timestamp,
  services: Type.Array(OpsServiceSummary),
});
export type OpsOverview = Static<typeof OpsOverview>;

/** A message a consumer gave up on: what arrived, why it failed, how often it was tried. */
export const DeadLetter = Type.Object({
  /** The envelope's id (what replay takes), or an id given on dead-lettering when it had none. */
  id: Type.String(),
  /** The consumer (queue) holding it. */
  consumer: Type.String(),
  type: Type.Union([Type.String(), Type.Null()]),
  /** The message as received: possibly invalid, which may be why it is here. */
  envelope: Type.Unknown(),
  error: Type.String(),
  /** Handler attempts; 0 when the envelope failed validation and no handler ran. */
  attempts: Type.Integer({ minimum: 0 }),
  failed_at: Timestamp,
});
export type DeadLetter = Static<typeof DeadLetter>;

export const DeadLetterList = Type.Object({ items: Type.Array(DeadLetter) });
export type DeadLetterList = Static<typeof DeadLetterList>;

const DeadLetterLimit = Int4({ minimum: 1, maximum: 1000, default: 100 });

/** `GET /api/v1/ops/dead-letters?service=&limit=`. */
export const DeadLetterQuery = Type.Object(
  { service: ConsumingService, limit: Type.Optional(DeadLetterLimit) },
  { additionalProperties: false },
);
export type DeadLetterQuery = Static<typeof DeadLetterQuery>;

/** `GET /internal/ops/dead-letters?limit=` (one service's own). */
export const InternalDeadLetterQuery = Type.Object(
  { limit: Type.Optional(DeadLetterLimit) },
  { additionalProperties: false },
);

const DeadLetterIds = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
  minItems: 1,
  maxItems: 1000,
  uniqueItems: true,
  description: 'Replay only these; omit to replay every dead letter of the service',
});

/** `POST /api/v1/ops/dead-letters/replay`. */
export const DeadLetterReplayRequest = Type.Object(
  { service: ConsumingService, ids: Type.Optional(DeadLetterIds) },
  { additionalProperties: false },
);
export type DeadLetterReplayRequest = Static<typeof DeadLetterReplayRequest>;

/** `POST /internal/ops/dead-letters/replay` (one service's own). */
export const InternalDeadLetterReplayRequest = Type.Object(
  { ids: Type.Optional(DeadLetterIds) },
  { additionalProperties: false },
);

export const DeadLetterReplayResult = Type.Object({
  /** Messages sent back to their consumer's queue. */
  replayed: Type.Integer({ minimum: 0 }),
});
export type DeadLetterReplayResult = Static<typeof DeadLetterReplayResult>;

/** `GET /api/v1/ops/traces?limit=&service=&min_duration_ms=`. */
export const TraceQuery = Type.Object(
  {
    limit: Type.Optional(Int4({ minimum: 1, maximum: 200, default: 50 })),
    service: Type.Optional(ServiceName),
    min_duration_ms: Type.Optional(Type.Number({ minimum: 0, maximum: 3_600_000 })),
  },
  { additionalProperties: false },
);
export type TraceQuery = Static<typeof TraceQuery>;

/** A recent trace, merged over every service that recorded spans of it. */
export const TraceSummary = Type.Object({
  trace_id: TraceId,
  /** The span that started the trace (the first request or job). */
  root: Type.Object({ service: Type.String(), name: Type.String() }),
  started_at: Timestamp,
  duration_ms: Type.Number({ minimum: 0 }),
  span_count: Type.Integer({ minimum: 1 }),
  services: Type.Array(Type.String()),
  error: Type.Boolean(),
});
export type TraceSummary = Static<typeof TraceSummary>;

export const TraceList = Type.Object({ items: Type.Array(TraceSummary) });
export type TraceList = Static<typeof TraceList>;

export const TraceIdParams = Type.Object({ trace_id: TraceId }, { additionalProperties: false });

export const TraceSpan = Type.Object({
  span_id: SpanId,
  parent_span_id: Type.Union([SpanId, Type.Null()]),
  service: Type.String(),
  name: Type.String(),
  kind: Type.Union(
    ['server', 'client', 'producer', 'consumer', 'internal'].map((kind) => Type.Literal(kind)),
  ),
  started_at: Timestamp,
  duration_ms: Type.Number({ minimum: 0 }),
  status: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  /** OpenTelemetry attributes: `http.route`, `db.query.text` (placeholders, never values)... */
  attributes: Type.Record(Type.String(), Type.Unknown()),
});
export type TraceSpan = Static<typeof TraceSpan>;

/** `GET /api/v1/ops/traces/{trace_id}`: every span of the trace, from every service, by start time. */
export const TraceDetail = Type.Object({ trace_id: TraceId, spans: Type.Array(TraceSpan) });
export type TraceDetail = Static<typeof TraceDetail>;

/** One service's view of a trace (`GET /internal/ops/traces`), merged by the gateway into a TraceSummary. */
export const TraceDigest = Type.Object({
  trace_id: TraceId,
  root: Type.Object({
    service: Type.String(),
    name: Type.String(),
    /** Null when this is the trace's own root; else its parent lives in another service. */
    parent_span_id: Type.Union([Type.String(), Type.Null()]),
  }),
  start_ms: Type.Number(),
  end_ms: Type.Number(),
  span_count: Type.Integer({ minimum: 1 }),
  services: Type.Array(Type.String()),
  error: Type.Boolean(),
});
export type TraceDigest = Static<typeof TraceDigest>;

export const TraceDigestList = Type.Object({ items: Type.Array(TraceDigest) });
export type TraceDigestList = Static<typeof TraceDigestList>;
