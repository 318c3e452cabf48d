/**
 * The indexer: search's one consumer on the bus. Every event is applied in a transaction together with
 * its inbox row (at-least-once delivery, exactly-once effect); after a change commits, the search cache
 * generation moves on so no cached result outlives it. A handler that throws is retried by the bus
 * with backoff, then dead-lettered under the consumer `search`.
 */
import { eventConsumers, type AnyEnvelope } from '@bodega/contracts';
import type { Database, Tx } from '@bodega/db';
import { idempotent, type EventHandler } from '@bodega/events';
import { inbox } from '../db/schema.js';
import type { SearchGeneration } from '../query/generation.js';
import { applyOrderPlaced } from './order-placed.js';
import { applyProductDeleted } from './product-deleted.js';
import { applyProductUpdated } from './product-updated.js';
import { applyProductViewed } from './product-viewed.js';

export const INDEXER_CONSUMER = 'search';

/** What the indexer consumes. */
export const INDEXED_EVENTS = eventConsumers.search;

export interface IndexerDeps {
  database: Database;
  generation: SearchGeneration;
  now: () => Date;
}

/**
 * Applies one event; resolves to whether cached search results are no longer valid. Views and orders
 * change only popularity: they do not move the cache generation, or a steady stream of view batches
 * would empty the cache every few seconds; popularity in cached results lags by at most the result TTL.
 * Nor does a product's stock moving within its availability (every checkout and cart hold): cached
 * results are read with their hits' live stock (product-updated.ts, query/search.ts).
 */
export async function applyEvent(envelope: AnyEnvelope, tx: Tx, now: Date): Promise<boolean> {
  switch (envelope.type) {
    case 'catalog.product.updated':
      return (await applyProductUpdated(tx, envelope.data, now)) === 'document';
    case 'catalog.product.deleted':
      return applyProductDeleted(tx, envelope.data);
    case 'catalog.product.viewed':
      return applyProductViewed(tx, envelope.data);
    case 'orders.order.placed':
      return applyOrderPlaced(tx, envelope.data);
    default:
      // Only reachable if the subscription and this switch disagree: fail loudly (dead letter).
      throw new Error(`search does not index ${envelope.type} events`);
  }
}

/** The bus handler: idempotent application, then the cache generation bump once committed. */
export function indexerHandler(deps: IndexerDeps): EventHandler {
  const options = { database: deps.database, inbox, consumer: INDEXER_CONSUMER };
  return async (envelope) => {
    const outcome = { changed: false };
    await idempotent(options, async (event, tx) => {
      outcome.changed = await applyEvent(event, tx, deps.now());
    })(envelope);
    if (outcome.changed) await deps.generation.bump();
  };
}
