import { eq } from 'drizzle-orm';
import { products } from '../db/schema.js';
import type { CatalogDeps } from '../deps.js';
import { parseProductRef } from './product.js';
import { evictProduct } from './product-cache.js';
import { recordProductDeleted } from './product-events.js';
import { getLiveProduct, nextVersion } from './product-store.js';

/** Soft-deletes a product (it then answers 404) and announces it, in one transaction; resolves to its id. */
export async function deleteProduct(
  deps: CatalogDeps,
  idOrSlug: string,
  traceParent?: string,
): Promise<string> {
  const ref = parseProductRef(idOrSlug);
  const now = deps.now();
  const row = await deps.db.transaction(async (tx) => {
    const before = await getLiveProduct(tx, ref, { forUpdate: true });
    // Both columns get the same value: SET reads the row as it was before the update.
    const [gone] = await tx
      .update(products)
      .set({ deletedAt: nextVersion(now), updatedAt: nextVersion(now) })
      .where(eq(products.id, before.id))
      .returning({ deletedAt: products.deletedAt });
    if (!gone?.deletedAt) throw new Error('delete returned no product');
    await recordProductDeleted(tx, before.id, gone.deletedAt, traceParent);
    return before;
  });
  await evictProduct(deps, row.id, row.slug);
  deps.logger.info({ product_id: row.id }, 'product deleted');
  return row.id;
}
