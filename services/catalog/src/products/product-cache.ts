import { productSurrogateKey, type Product } from '@bodega/contracts';
import { publishEdgePurge } from '@bodega/kit';
import { Counter, type Registry } from 'prom-client';
import type { CatalogDeps } from '../deps.js';
import { toProductJson } from './product.js';
import { findLiveProduct } from './product-store.js';
import type { ProductRef } from './product.js';

/** Product cache hits and misses, for the hit ratio (hits / (hits + misses)) on /metrics. */
export interface ProductCacheMetrics {
  hit(): void;
  miss(): void;
}

export function createProductCacheMetrics(registry: Registry): ProductCacheMetrics {
  const hits = new Counter({
    name: 'catalog_product_cache_hits_total',
    help: 'Product reads answered from the cache',
    registers: [registry],
  });
  const misses = new Counter({
    name: 'catalog_product_cache_misses_total',
    help: 'Product reads that loaded the product from the database',
    registers: [registry],
  });
  return {
    hit: () => {
      hits.inc();
    },
    miss: () => {
      misses.inc();
    },
  };
}

const productKey = (id: string) => `product:${id}`;
const slugKey = (slug: string) => `product-slug:${slug}`;

/**
 * Cache-aside read of a live product (active or not: callers decide who may see an inactive one).
 * A slug first resolves to the id (itself cached), then the product is read by id, so every write
 * evicts one product key. A stampede on a cold or expired key is absorbed by `getOrLoad`'s
 * single-flight: concurrent readers in this process share one database load.
 */
export async function readProduct(deps: CatalogDeps, ref: ProductRef): Promise<Product | undefined> {
  const ttl = deps.productCacheTtlMs;
  const id =
    'id' in ref
      ? ref.id
      : await deps.cache.getOrLoad<string | undefined>(slugKey(ref.slug), ttl, async () => {
          return (await findLiveProduct(deps.db, ref))?.id;
        });
  if (id === undefined) return undefined;
  // Whether this read ran the loader: a miss. Waiters of a shared flight count as hits.
  const load = { ran: false };
  const product = await deps.cache.getOrLoad(productKey(id), ttl, async () => {
    load.ran = true;
    const row = await findLiveProduct(deps.db, { id });
    return row ? toProductJson(row) : undefined;
  });
  if (load.ran) deps.cacheMetrics.miss();
  else deps.cacheMetrics.hit();
  return product;
}

/**
 * Headers of a product read anyone may see (an active product): the gateway's edge cache may keep the
 * answer as long as this cache would (`Surrogate-Control`, W3C Edge Architecture), tagged with the
 * product, whose purge drops it (`Surrogate-Key`). Neither header reaches the client.
 */
export function edgeCacheHeaders(deps: Pick<CatalogDeps, 'productCacheTtlMs'>, id: string) {
  return {
    'surrogate-control': `max-age=${Math.floor(deps.productCacheTtlMs / 1000)}`,
    'surrogate-key': productSurrogateKey(id),
  };
}

/**
 * Evicts a product after a committed write (never before the commit: a reader in between would
 * cache the old state again). The slugs it had are evicted too (a slug may have changed or died).
 * Then the gateway's edge cache is told to drop it (after this cache: a gateway asking again at once
 * must not find the old state here).
 */
export async function evictProduct(
  deps: Pick<CatalogDeps, 'cache' | 'broadcast' | 'logger'>,
  id: string,
  ...slugs: string[]
): Promise<void> {
  try {
    await deps.cache.delete(productKey(id), ...slugs.map(slugKey));
  } catch (error) {
    // The write is committed; a failed eviction leaves a stale entry for at most the TTL.
    deps.logger.warn({ err: error, product_id: id }, 'product cache eviction failed');
  }
  await publishEdgePurge(deps, productSurrogateKey(id), { product_id: id });
}
