import cookie from '@fastify/cookie';
import { createVerifier, KeyRing } from '@bodega/auth';
import { startRelay } from '@bodega/events';
import { createService, observeDatabasePool, type ServiceApp, type ServiceContext } from '@bodega/kit';
import { bootstrapAdmin } from './admin/bootstrap-admin.js';
import type { IdentityConfig } from './config.js';
import { outbox } from './db/schema.js';
import type { IdentityDeps } from './deps.js';
import { loadSigningKey } from './keys/signing-keys.js';
import { createPasswordHasher } from './passwords/passwords.js';
import { registerAuthRoutes } from './routes/auth-routes.js';
import { registerJwksRoute } from './routes/jwks-route.js';
import { registerMeRoutes } from './routes/me-routes.js';
import { registerUserRoutes } from './routes/user-routes.js';

/**
 * Identity, whole: its keys and dependencies, the plugins in order, its routes, the events it
 * publishes, and the admin bootstrap.
 *
 * Publishes: `identity.user.registered` (register, admin bootstrap), through the outbox.
 * Subscribes: nothing.
 */
export async function buildIdentityApp(ctx: ServiceContext<IdentityConfig>): Promise<ServiceApp> {
  const { config, logger } = ctx;
  const database = ctx.database;
  if (!database)
    throw new Error('identity needs its database (migrationsDir is set, so the runtime opens one)');

  const keyRing = new KeyRing(await loadSigningKey(config, ctx.mode));
  const deps: IdentityDeps = {
    db: database.db,
    passwords: await createPasswordHasher({
      memoryKib: config.ARGON2_MEMORY_KIB,
      timeCost: config.ARGON2_TIME_COST,
    }),
    keyRing,
    revocations: ctx.revocations,
    broadcast: ctx.broadcast,
    meEdgeCacheSeconds: config.ME_EDGE_CACHE_SECONDS,
    logger,
    now: () => new Date(),
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
  };

  // Identity checks its own tokens with its own keys, not over HTTP to itself (ctx.verifier would).
  const verifier = createVerifier({
    jwks: () => keyRing.jwks(),
    isRevoked: (claims) => ctx.revocations.isRevoked(claims),
  });
  const app = createService({
    name: ctx.name,
    logger,
    metrics: ctx.metrics,
    verifier,
    bodyLimit: config.BODY_LIMIT_BYTES,
    readiness: { database: () => database.ping(), cache: () => ctx.cache.ping(), bus: () => ctx.bus.ping() },
  });
  await app.register(cookie);

  registerJwksRoute(app, keyRing);
  registerAuthRoutes(app, deps);
  registerMeRoutes(app, deps);
  registerUserRoutes(app, deps);

  // Events: the relay publishes what use cases wrote to the outbox.
  observeDatabasePool(ctx.metrics, database);
  const relay = await startRelay({ database, outbox, bus: ctx.bus, logger, metrics: ctx.metrics });
  ctx.onClose(() => relay.stop());

  await bootstrapAdmin(deps, { mode: ctx.mode, email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
  return app;
}
