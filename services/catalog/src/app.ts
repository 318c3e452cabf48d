import { startRelay } from '@bodega/events';
import { createService, observeDatabasePool, type ServiceApp, type ServiceContext } from '@bodega/kit';
import type { CatalogConfig } from './config.js';
import { outbox } from './db/schema.js';
import type { CatalogDeps } from './deps.js';
import { createProductCacheMetrics } from './products/product-cache.js';
import { startExpirySweeper } from './reservations/expiry-sweeper.js';
import { createReservationMetrics } from './reservations/reservation-metrics.js';
import { createReviewMetrics } from './reviews/review-metrics.js';
import { registerCategoryRoutes } from './routes/category-routes.js';
import { registerInternalRoutes } from './routes/internal-routes.js';
import { registerProductRoutes } from './routes/product-routes.js';
import { registerReviewRoutes } from './routes/review-routes.js';
import { ensureDemoCatalog } from './seed/demo-catalog.js';
import { createViewRecorder } from './views/view-recorder.js';

/**
 * Catalog, whole: its dependencies, plugins in order, routes and events.
 *
 * Publishes, through the outbox (same transaction as the change): `catalog.product.updated` (create,
 * edit, stock, review changes, and every stock hold, release, expiry and return),
 * `catalog.product.deleted`, `catalog.review.created|updated|deleted`.
 * Publishes straight to the bus, best-effort and batched: `catalog.product.viewed`.
 * Subscribes: nothing.
 */
export async function buildCatalogApp(ctx: ServiceContext<CatalogConfig>): Promise<ServiceApp> {
  const { config, logger } = ctx;
  const database = ctx.database;
  if (!database)
    throw new Error('catalog needs its database (migrationsDir is set, so the runtime opens one)');

  const now = () => new Date();
  const views = createViewRecorder({
    bus: ctx.bus,
    logger,
    metrics: ctx.metrics,
    now,
    flushIntervalMs: config.VIEW_FLUSH_INTERVAL_MS,
  });
  // Cleanups run in reverse order: views still buffered at shutdown go out before the runtime closes the bus.
  ctx.onClose(() => views.close());
  const deps: CatalogDeps = {
    db: database.db,
    cache: ctx.cache,
    broadcast: ctx.broadcast,
    logger,
    now,
    productCacheTtlMs: config.PRODUCT_CACHE_TTL_MS,
    cacheMetrics: createProductCacheMetrics(ctx.metrics),
    views,
    reservationTtlSeconds: config.RESERVATION_TTL_SECONDS,
    reservationMetrics: createReservationMetrics(ctx.metrics),
    reviewMetrics: createReviewMetrics(ctx.metrics),
  };
  observeDatabasePool(ctx.metrics, database);

  const app = createService({
    name: ctx.name,
    logger,
    metrics: ctx.metrics,
    verifier: ctx.verifier,
    bodyLimit: config.BODY_LIMIT_BYTES,
    readiness: { database: () => database.ping(), cache: () => ctx.cache.ping(), bus: () => ctx.bus.ping() },
  });

  registerProductRoutes(app, deps);
  registerCategoryRoutes(app, deps);
  registerReviewRoutes(app, deps);
  registerInternalRoutes(app, deps, ctx.serviceAuth);

  // Events: the relay publishes what use cases wrote to the outbox.
  const relay = await startRelay({ database, outbox, bus: ctx.bus, logger, metrics: ctx.metrics });
  ctx.onClose(() => relay.stop());

  // Holds past their expiry give their units back by themselves (stopped before the relay and the database).
  const sweeper = startExpirySweeper(deps, { intervalMs: config.RESERVATION_SWEEP_INTERVAL_MS, now });
  ctx.onClose(() => sweeper.stop());

  if (ctx.mode === 'embedded') await ensureDemoCatalog(deps, config.DEMO_CATALOG_SIZE);
  return app;
}
