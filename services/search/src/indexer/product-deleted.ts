import { and, eq, lte, sql } from 'drizzle-orm';
import type { EventData } from '@bodega/contracts';
import type { Tx } from '@bodega/db';
import { documents, tombstones } from '../db/schema.js';

/**
 * `catalog.product.deleted`: removes the document unless it is newer than the deletion, and keeps a
 * tombstone with the deletion time, so an older update arriving later cannot bring it back.
 */
export async function applyProductDeleted(
  tx: Tx,
  data: EventData<'catalog.product.deleted'>,
): Promise<boolean> {
  const deletedAt = new Date(data.deleted_at);
  await tx
    .insert(tombstones)
    .values({ productId: data.product_id, deletedAt })
    .onConflictDoUpdate({
      target: tombstones.productId,
      set: { deletedAt: sql`greatest(${tombstones.deletedAt}, excluded.deleted_at)` },
    });
  const removed = await tx
    .delete(documents)
    .where(and(eq(documents.productId, data.product_id), lte(documents.updatedAt, deletedAt)))
    .returning({ productId: documents.productId });
  return removed.length > 0;
}
