import { newId, type Executor } from '@bodega/db';
import { writeEvent } from '@bodega/events';
import { outbox, type ProductRow } from '../db/schema.js';
import { toProductJson } from './product.js';

/**
 * Announces a product's full current state (`catalog.product.updated`) in the caller's transaction:
 * on create, every edit, stock change and review change. `event_id` and `occurred_at` repeat the
 * envelope's, as the contract says, so the id is chosen here and given to the outbox.
 */
export async function recordProductUpdated(
  tx: Executor,
  row: ProductRow,
  occurredAt: Date,
  traceParent?: string,
): Promise<void> {
  const id = newId();
  const { id: productId, ...product } = toProductJson(row);
  await writeEvent(tx, outbox, {
    id,
    type: 'catalog.product.updated',
    source: 'catalog',
    occurredAt,
    ...(traceParent === undefined ? {} : { traceParent }),
    data: { event_id: id, occurred_at: occurredAt.toISOString(), product_id: productId, ...product },
  });
}

/** Announces that a product is gone (soft-deleted), in the caller's transaction. */
export async function recordProductDeleted(
  tx: Executor,
  productId: string,
  deletedAt: Date,
  traceParent?: string,
): Promise<void> {
  await writeEvent(tx, outbox, {
    type: 'catalog.product.deleted',
    source: 'catalog',
    occurredAt: deletedAt,
    ...(traceParent === undefined ? {} : { traceParent }),
    data: { product_id: productId, deleted_at: deletedAt.toISOString() },
  });
}
