/**
 * The outbox and inbox tables, defined once and placed by each service in its own PostgreSQL schema:
 *
 * ```ts
 * // services/catalog/src/db/schema.ts
 * export const catalog = pgSchema('catalog');
 * export const outbox = outboxTable(catalog);
 * export const inbox = inboxTable(catalog);
 * ```
 *
 * drizzle-kit then generates them into the service's own migrations like any other table, so every
 * service owns (and can migrate) its copy, and no service reaches into another's database.
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, primaryKey, text, timestamp, uuid, type PgSchema } from 'drizzle-orm/pg-core';
import type { EventEnvelope } from '@bodega/contracts';

/** Events written in the same transaction as the state change they announce, until the relay publishes them. */
export function outboxTable(schema: PgSchema) {
  return schema.table(
    'outbox',
    {
      id: uuid('id').primaryKey(),
      type: text('type').notNull(),
      envelope: jsonb('envelope').$type<EventEnvelope>().notNull(),
      createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
      publishedAt: timestamp('published_at', { withTimezone: true }),
      /** Publish attempts so far, the successful one included. */
      attempts: integer('attempts').notNull().default(0),
      lastError: text('last_error'),
      /** After a failed publish the row waits until then, so one poisonous row cannot starve the rest. */
      nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    },
    (table) => [
      // Published rows pile up (kept for audit until a cleanup job trims them); the relay only ever
      // reads unpublished ones, so a partial index stays as small as the backlog.
      index('outbox_unpublished_idx')
        .on(table.createdAt, table.id)
        .where(sql`${table.publishedAt} is null`),
    ],
  );
}

/** The processed-events table of idempotent consumers: one row per (consumer, event) handled. */
export function inboxTable(schema: PgSchema) {
  return schema.table(
    'inbox',
    {
      consumer: text('consumer').notNull(),
      eventId: uuid('event_id').notNull(),
      processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
    },
    (table) => [primaryKey({ columns: [table.consumer, table.eventId] })],
  );
}

/** A service's outbox table, as `outboxTable` builds it. */
export type OutboxTable = ReturnType<typeof outboxTable>;
/** A service's inbox table, as `inboxTable` builds it. */
export type InboxTable = ReturnType<typeof inboxTable>;
