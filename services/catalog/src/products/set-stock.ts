import { eq } from 'drizzle-orm';
import type { Product } from '@bodega/contracts';
import { products } from '../db/schema.js';
import type { CatalogDeps } from '../deps.js';
import { parseProductRef, toProductJson } from './product.js';
import { evictProduct } from './product-cache.js';
import { recordProductUpdated } from './product-events.js';
import { getLiveProduct, nextVersion } from './product-store.js';

/** Sets what can be bought now (PUT /products/{id}/stock). */
export async function setStock(
  deps: CatalogDeps,
  idOrSlug: string,
  stockQty: number,
  traceParent?: string,
): Promise<Product> {
  const ref = parseProductRef(idOrSlug);
  const now = deps.now();
  const row = await deps.db.transaction(async (tx) => {
    const before = await getLiveProduct(tx, ref, { forUpdate: true });
    const [after] = await tx
      .update(products)
      .set({ stockQty, updatedAt: nextVersion(now) })
      .where(eq(products.id, before.id))
      .returning();
    if (!after) throw new Error('update returned no product');
    await recordProductUpdated(tx, after, after.updatedAt, traceParent);
    return after;
  });
  await evictProduct(deps, row.id, row.slug);
  return toProductJson(row);
}
