import { createService, observeDatabasePool, type ServiceApp, type ServiceContext } from '@bodega/kit';
import { createSessionLimiter } from './beacons/session-limit.js';
import type { AnalyticsConfig } from './config.js';
import { CONSUMED_EVENTS, CONSUMER, consumerHandler } from './consumer/consumer.js';
import type { AnalyticsDeps } from './deps.js';
import { createAnalyticsMetrics } from './metrics.js';
import { registerBeaconRoutes } from './routes/beacon-routes.js';
import { registerReportRoutes } from './routes/report-routes.js';

/**
 * Analytics, whole: its dependencies, plugins in order, routes and events.
 *
 * Publishes: nothing.
 * Subscribes (consumer `analytics`, each event applied idempotently through the inbox, with the
 * rollups it moves, in one transaction): `orders.order.placed`, `orders.order.cancelled`,
 * `payments.payment.refunded`, `catalog.product.viewed`, `identity.user.registered`.
 */
export async function buildAnalyticsApp(ctx: ServiceContext<AnalyticsConfig>): Promise<ServiceApp> {
  const { config, logger } = ctx;
  const database = ctx.database;
  if (!database)
    throw new Error('analytics needs its database (migrationsDir is set, so the runtime opens one)');

  const now = () => new Date();
  const metrics = createAnalyticsMetrics(ctx.metrics);
  const deps: AnalyticsDeps = {
    db: database.db,
    logger,
    metrics,
    // In the service cache (Redis in distributed mode), so the budget holds across replicas.
    limiter: createSessionLimiter(ctx.cache, config.BEACON_RATE_LIMIT_PER_MINUTE, logger),
    currency: config.ANALYTICS_CURRENCY,
    now,
  };

  const app = createService({
    name: ctx.name,
    logger,
    metrics: ctx.metrics,
    verifier: ctx.verifier,
    bodyLimit: config.BODY_LIMIT_BYTES,
    readiness: { database: () => database.ping(), cache: () => ctx.cache.ping(), bus: () => ctx.bus.ping() },
  });

  registerBeaconRoutes(app, deps);
  registerReportRoutes(app, deps);

  observeDatabasePool(ctx.metrics, database);
  // Events: orders, refunds, views and registrations feed the raw facts and the hourly rollups.
  await ctx.bus.subscribe({
    consumer: CONSUMER,
    types: [...CONSUMED_EVENTS],
    handler: consumerHandler({ database, metrics, currency: config.ANALYTICS_CURRENCY, now }),
    metrics: ctx.metrics,
    maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
    backoffMs: (attempt) => Math.min(60_000, config.CONSUMER_RETRY_BASE_MS * 2 ** (attempt - 1)),
  });
  return app;
}
