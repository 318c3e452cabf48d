import { createService, observeDatabasePool, type ServiceApp, type ServiceContext } from '@bodega/kit';
import type { SearchConfig } from './config.js';
import type { SearchDeps } from './deps.js';
import { INDEXED_EVENTS, INDEXER_CONSUMER, indexerHandler } from './indexer/indexer.js';
import { cursorCodec } from './query/cursor.js';
import { searchGeneration } from './query/generation.js';
import { registerRecommendationRoutes } from './routes/recommendation-routes.js';
import { registerSearchRoutes } from './routes/search-routes.js';

/**
 * Search, whole: its dependencies, plugins in order, routes and events.
 *
 * Publishes: nothing.
 * Subscribes (consumer `search`, each event applied idempotently through the inbox):
 * `catalog.product.updated`, `catalog.product.deleted`, `catalog.product.viewed`, `orders.order.placed`.
 */
export async function buildSearchApp(ctx: ServiceContext<SearchConfig>): Promise<ServiceApp> {
  const { config, logger } = ctx;
  const database = ctx.database;
  if (!database)
    throw new Error('search needs its database (migrationsDir is set, so the runtime opens one)');

  const now = () => new Date();
  const generation = searchGeneration(ctx.cache, logger, now);
  const deps: SearchDeps = {
    db: database.db,
    cache: ctx.cache,
    generation,
    // Cursors are signed with a key of their own, derived from the platform secret.
    cursors: cursorCodec(ctx.serviceAuth.derivedKey('search-cursor')),
    logger,
    now,
    resultTtlMs: config.SEARCH_CACHE_TTL_MS,
  };

  const app = createService({
    name: ctx.name,
    logger,
    metrics: ctx.metrics,
    verifier: ctx.verifier,
    bodyLimit: config.BODY_LIMIT_BYTES,
    readiness: { database: () => database.ping(), cache: () => ctx.cache.ping(), bus: () => ctx.bus.ping() },
  });

  registerSearchRoutes(app, deps);
  registerRecommendationRoutes(app, deps);

  observeDatabasePool(ctx.metrics, database);
  // Events: the indexer keeps the read model in step with catalog and orders.
  await ctx.bus.subscribe({
    consumer: INDEXER_CONSUMER,
    types: [...INDEXED_EVENTS],
    handler: indexerHandler({ database, generation, now }),
    metrics: ctx.metrics,
    maxAttempts: config.INDEXER_MAX_ATTEMPTS,
    backoffMs: (attempt) => Math.min(60_000, config.INDEXER_RETRY_BASE_MS * 2 ** (attempt - 1)),
  });
  return app;
}
