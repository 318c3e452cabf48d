/**
 * Writing events: the first half of the transactional outbox. The event row commits or rolls back
 * with the state change it announces, so no event is published for a change that did not happen and
 * no committed change goes unannounced.
 */
import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import {
  eventSchemas,
  formatIssues,
  isEventType,
  validateEvent,
  type Envelope,
  type EventData,
  type EventType,
} from '@bodega/contracts';
import { newId, type Executor } from '@bodega/db';
import { Internal } from '@bodega/errors';
import { activeTraceparent } from '@bodega/tracing';
import type { OutboxTable } from './tables.js';

/** The NOTIFY channel that wakes relays; the payload is the PostgreSQL schema whose outbox has news. */
export const outboxChannel = 'bodega_outbox';

export interface NewEvent<T extends EventType> {
  type: T;
  data: EventData<T>;
  /** The publishing service, e.g. `catalog`. */
  source: string;
  /**
   * The W3C `traceparent` of the request that caused the event, to follow it across services; by
   * default the span active where the event is written.
   */
  traceParent?: string | undefined;
  /** The envelope id; pass one when `data` repeats it (`catalog.product.updated` has `event_id`). */
  id?: string;
  /** When it happened; pass it when `data` repeats it, or to use the use case's clock. */
  occurredAt?: Date;
}

/**
 * Validates `event` against its contract and inserts it into `outbox` inside the caller's
 * transaction, then queues a NOTIFY that PostgreSQL delivers on commit (and drops on rollback), so
 * the relay publishes without waiting for its poll.
 *
 * @throws AppError kind `internal`, code `INVALID_EVENT`, when the type is unknown or the data breaks
 * its schema: a bug in the producer, caught before anything is written.
 */
export async function writeEvent<T extends EventType>(
  tx: Executor,
  outbox: OutboxTable,
  event: NewEvent<T>,
): Promise<Envelope<T>> {
  const traceParent = event.traceParent ?? activeTraceparent();
  const candidate = {
    id: event.id ?? newId(),
    type: event.type,
    version: versionOf(event.type),
    occurred_at: (event.occurredAt ?? new Date()).toISOString(),
    source: event.source,
    ...(traceParent === undefined ? {} : { trace_parent: traceParent }),
    data: event.data,
  };
  const validation = validateEvent(candidate);
  if (!validation.ok) {
    throw Internal(`Event ${event.type} breaks its contract: ${formatIssues(validation.errors)}`, {
      code: 'INVALID_EVENT',
      details: { type: event.type, errors: validation.errors },
    });
  }
  const envelope = validation.envelope as Envelope<T>;
  // One statement for the row and its wake-up: an event is written on every hot path (a checkout
  // writes six), and a round trip of its own for the NOTIFY cost as much as the insert.
  const column = (name: keyof OutboxTable['_']['columns']) => sql.identifier(outbox[name].name);
  await tx.execute(sql`
    with written as (
      insert into ${outbox} (${column('id')}, ${column('type')}, ${column('envelope')})
      values (${envelope.id}, ${envelope.type}, ${JSON.stringify(envelope)}::jsonb)
      returning 1
    )
    select pg_notify(${outboxChannel}, ${schemaOf(outbox)}) from written`);
  return envelope;
}

function versionOf(type: string): number {
  // An unknown type gets a placeholder version; validation then reports the type itself.
  return isEventType(type) ? eventSchemas[type].version : 1;
}

// Drizzle rebuilds a table's whole configuration on each `getTableConfig`: once per table is enough.
const schemas = new WeakMap<OutboxTable, string>();

/** The PostgreSQL schema holding `outbox`: the NOTIFY payload relays filter on. */
export function schemaOf(outbox: OutboxTable): string {
  let schema = schemas.get(outbox);
  if (schema === undefined) {
    schema = getTableConfig(outbox).schema ?? 'public';
    schemas.set(outbox, schema);
  }
  return schema;
}
