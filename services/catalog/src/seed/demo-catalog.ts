import { products } from '../db/schema.js';
import type { CatalogDeps } from '../deps.js';
import { generateCatalog } from './generate.js';
import { insertBatch, MAX_BATCH_PRODUCTS } from './insert-batch.js';

/**
 * Embedded mode starts with a shop to look at: when the catalog has never had a product, the
 * generated demo catalog (seed 1) goes in, with its events, so search indexes it too.
 */
export async function ensureDemoCatalog(deps: CatalogDeps, size: number): Promise<number> {
  if (size <= 0) return 0;
  const [existing] = await deps.db.select({ id: products.id }).from(products).limit(1);
  if (existing) return 0;
  const catalog = generateCatalog({ products: size, seed: 1 });
  let created = 0;
  for (let start = 0; start < catalog.products.length; start += MAX_BATCH_PRODUCTS) {
    const result = await insertBatch(deps, {
      categories: start === 0 ? catalog.categories : [],
      products: catalog.products.slice(start, start + MAX_BATCH_PRODUCTS),
    });
    created += result.created;
  }
  deps.logger.info({ products: created }, 'demo catalog inserted');
  return created;
}
