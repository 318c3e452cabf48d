import type { ProductSnapshot } from '@bodega/contracts';
import type { CatalogClient } from '../clients/catalog-client.js';

/** Catalog's lookup takes at most this many ids per call. */
const LOOKUP_MAX_IDS = 100;

/** Live facts about these products, by id (no call at all for none; chunks of 100 otherwise). */
export async function lookupProducts(
  catalog: CatalogClient,
  ids: readonly string[],
): Promise<Map<string, ProductSnapshot>> {
  const unique = [...new Set(ids)];
  const chunks: string[][] = [];
  for (let start = 0; start < unique.length; start += LOOKUP_MAX_IDS) {
    chunks.push(unique.slice(start, start + LOOKUP_MAX_IDS));
  }
  const results = await Promise.all(chunks.map((chunk) => catalog.lookup(chunk)));
  return new Map(results.flatMap((result) => result.items).map((product) => [product.id, product]));
}
