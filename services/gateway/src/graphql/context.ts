import type { Principal } from '@bodega/auth';
import type { PageOf, Product } from '@bodega/contracts';
import DataLoader from 'dataloader';
import type { LimitPolicy } from '../routes/route-table.js';
import type { CallService } from './service-calls.js';

/** Catalog's batch read takes at most this many ids (`GET /products?ids=`). */
export const PRODUCT_BATCH = 100;

/** Per-request batching: every product a query mentions, whatever field it hangs off, in few calls. */
export interface Loaders {
  /** Live products by id (null when deleted or hidden from this caller), batched per tick. */
  product: DataLoader<string, Product | null>;
}

/** What every resolver gets: the caller, their service client, and this request's loaders. */
export interface GraphqlContext {
  principal: Principal | undefined;
  call: CallService;
  loaders: Loaders;
  /**
   * Counts this field against a REST rate-limit policy (`auth`, `login`), with the body the REST call
   * would carry; rejects with RATE_LIMITED beyond it.
   */
  limit: (policy: LimitPolicy, body?: object) => Promise<void>;
  /**
   * Charges the request's upstream calls to the caller's per-IP rate limit (as that many requests, the
   * first already counted on arrival); throws RATE_LIMITED beyond it, before any call is made.
   */
  charge: (upstreamCalls: number) => void;
  /** The operation the request names, so that only its cost is counted. */
  operationName: string | undefined;
}

/**
 * Loaders live for one request only: they batch and deduplicate within it, and never leak one
 * caller's view (an inactive product a manager may see) into another's.
 */
export function createLoaders(call: CallService): Loaders {
  return {
    product: new DataLoader<string, Product | null>(
      async (ids) => {
        const page = await call<PageOf<Product>>('catalog', {
          path: '/api/v1/products',
          query: { ids: ids.join(','), limit: ids.length },
        });
        const byId = new Map(page.items.map((product) => [product.id, product]));
        return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
      },
      { maxBatchSize: PRODUCT_BATCH },
    ),
  };
}
