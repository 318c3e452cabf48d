import type { Broadcast, Cache } from '@bodega/cache';
import type { Db } from '@bodega/db';
import type { Logger } from '@bodega/logging';
import type { ProductCacheMetrics } from './products/product-cache.js';
import type { ReservationMetrics } from './reservations/reservation-metrics.js';
import type { ReviewMetrics } from './reviews/review-metrics.js';
import type { ViewRecorder } from './views/view-recorder.js';

/** What catalog's use cases are given: explicit dependencies, an explicit clock, no globals. */
export interface CatalogDeps {
  db: Db;
  cache: Cache;
  /** Where committed product changes are announced, so the gateway's edge cache drops them. */
  broadcast: Broadcast;
  logger: Logger;
  now: () => Date;
  productCacheTtlMs: number;
  cacheMetrics: ProductCacheMetrics;
  views: ViewRecorder;
  /** How long a hold lasts when its request names no `ttl_seconds`. */
  reservationTtlSeconds: number;
  reservationMetrics: ReservationMetrics;
  reviewMetrics: ReviewMetrics;
}
