import { Type, type Static } from '@sinclair/typebox';
import { eq } from 'drizzle-orm';
import type { Product } from '@bodega/contracts';
import { products, type NewProductRow } from '../db/schema.js';
import type { CatalogDeps } from '../deps.js';
import { ProductInput, parseProductRef, toProductJson } from './product.js';
import { evictProduct } from './product-cache.js';
import { recordProductUpdated } from './product-events.js';
import { getLiveProduct, nextVersion } from './product-store.js';
import { assertCategoryExists, assertUnique, conflictOnRace } from './product-writes.js';

/** PATCH /products/{id}: any writable field, at least one. */
export const ProductPatch = Type.Partial(ProductInput, { additionalProperties: false, minProperties: 1 });
export type ProductPatch = Static<typeof ProductPatch>;

/** The column changes a patch makes (only what it names). */
export function patchValues(patch: ProductPatch): Partial<NewProductRow> {
  return {
    ...(patch.slug === undefined ? {} : { slug: patch.slug }),
    ...(patch.name === undefined ? {} : { name: patch.name.trim() }),
    ...(patch.description === undefined ? {} : { description: patch.description }),
    ...(patch.category === undefined ? {} : { categorySlug: patch.category }),
    ...(patch.sku === undefined ? {} : { sku: patch.sku }),
    ...(patch.price === undefined ? {} : { priceAmount: patch.price.amount, currency: patch.price.currency }),
    ...(patch.stock_qty === undefined ? {} : { stockQty: patch.stock_qty }),
    ...(patch.images === undefined ? {} : { images: patch.images }),
    ...(patch.attributes === undefined ? {} : { attributes: patch.attributes }),
    ...(patch.active === undefined ? {} : { active: patch.active }),
  };
}

/** Edits a product and announces its new state, in one transaction; then evicts it from the cache. */
export async function updateProduct(
  deps: CatalogDeps,
  idOrSlug: string,
  patch: ProductPatch,
  traceParent?: string,
): Promise<Product> {
  const ref = parseProductRef(idOrSlug);
  const now = deps.now();
  const { before, after } = await conflictOnRace(() =>
    deps.db.transaction(async (tx) => {
      const before = await getLiveProduct(tx, ref, { forUpdate: true });
      if (patch.category !== undefined) await assertCategoryExists(tx, patch.category);
      if (patch.slug !== undefined || patch.sku !== undefined)
        await assertUnique(tx, { slug: patch.slug, sku: patch.sku }, before.id);
      const [after] = await tx
        .update(products)
        .set({ ...patchValues(patch), updatedAt: nextVersion(now) })
        .where(eq(products.id, before.id))
        .returning();
      if (!after) throw new Error('update returned no product');
      await recordProductUpdated(tx, after, after.updatedAt, traceParent);
      return { before, after };
    }),
  );
  await evictProduct(deps, after.id, before.slug);
  return toProductJson(after);
}
