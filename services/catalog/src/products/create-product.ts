import type { Product } from '@bodega/contracts';
import { newId } from '@bodega/db';
import { products } from '../db/schema.js';
import type { CatalogDeps } from '../deps.js';
import { toProductJson, type ProductInput } from './product.js';
import { recordProductUpdated } from './product-events.js';
import { assertCategoryExists, assertUnique, conflictOnRace, newProductRow } from './product-writes.js';

/** Creates a product and announces it (`catalog.product.updated`), in one transaction. */
export async function createProduct(
  deps: CatalogDeps,
  input: ProductInput,
  traceParent?: string,
): Promise<Product> {
  const now = deps.now();
  const values = newProductRow(newId(), input, now);
  const row = await conflictOnRace(() =>
    deps.db.transaction(async (tx) => {
      await assertCategoryExists(tx, values.categorySlug);
      await assertUnique(tx, { slug: values.slug, sku: values.sku });
      const [created] = await tx.insert(products).values(values).returning();
      if (!created) throw new Error('insert returned no product');
      await recordProductUpdated(tx, created, now, traceParent);
      return created;
    }),
  );
  deps.logger.info({ product_id: row.id, slug: row.slug }, 'product created');
  return toProductJson(row);
}
