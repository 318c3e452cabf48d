/**
 * Idempotent consumers: the inbox row and the handler's effects commit in one transaction, so a
 * redelivered event (at-least-once delivery) has exactly one effect, and a failed handler leaves no
 * trace that would make its retry look like a duplicate.
 */
import type { AnyEnvelope } from '@bodega/contracts';
import type { Database, Tx } from '@bodega/db';
import type { EventHandler } from './bus.js';
import type { InboxTable } from './tables.js';

export interface IdempotentOptions {
  database: Database;
  inbox: InboxTable;
  /** The consumer the inbox rows belong to; usually the subscription's consumer name. */
  consumer: string;
}

/**
 * Wraps `handler` into a bus handler that runs it at most once per event id and consumer. The handler
 * gets the transaction: everything it writes must go through `tx` to be covered.
 */
export function idempotent(
  options: IdempotentOptions,
  handler: (envelope: AnyEnvelope, tx: Tx) => Promise<void>,
): EventHandler {
  const { database, inbox, consumer } = options;
  return async (envelope) => {
    await database.db.transaction(async (tx) => {
      // A concurrent duplicate blocks on this insert until the first commits, then inserts nothing.
      const inserted = await tx
        .insert(inbox)
        .values({ consumer, eventId: envelope.id })
        .onConflictDoNothing()
        .returning({ eventId: inbox.eventId });
      if (inserted.length === 0) return;
      await handler(envelope, tx);
    });
  };
}
