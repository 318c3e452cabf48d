import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { loadConfig, type Static, type TObject } from '@bodega/config';
import { createLogger, type Logger } from '@bodega/logging';
import {
  loadMigrations,
  migrateUp,
  openPglite,
  pgliteDatabase,
  postgresDatabase,
  type Database,
} from '@bodega/db';
import { broadcastOf, createCache, type Broadcast, type Cache } from '@bodega/cache';
import {
  createInProcessBus,
  createRabbitBus,
  serviceBus,
  type EventBus,
  type ServiceBus,
} from '@bodega/events';
import { createServiceAuth, createVerifier, type ServiceAuth, type Verifier } from '@bodega/auth';
import { eventConsumers } from '@bodega/contracts';
import { createTracing, type Tracer, type Tracing } from '@bodega/tracing';
import type { Registry } from 'prom-client';
import { createMetricsRegistry } from './metrics.js';
import { createRevocationList, type RevocationList } from './auth.js';
import { embeddedServiceKeys, type ServiceKeys } from './service-keys.js';
import { modeOf, type BaseConfigProperties } from './config.js';
import { serviceControls, type ServiceApp } from './service.js';
import { installServerSpans } from './server-spans.js';
import { applyListenerLimits, listenerLimits } from './listener.js';
import { listenForOperators, type OperatorAddress } from './operator-listener.js';
import { installOpsRoutes } from './ops/ops-routes.js';

/** Paths whose requests make no spans: probes, scrapes and the operations API reading the traces. */
const untracedPaths = ['/healthz', '/readyz', '/metrics', '/internal/ops/', '/api/v1/ops/'];

type BaseConfig = Static<TObject<BaseConfigProperties>>;
/**
 * A service's config schema (`serviceConfig(port, own)`): the common keys plus any of its own. Not
 * `TObject<BaseConfigProperties>`, whose `required` TypeBox types as a tuple of exactly the common
 * keys, which no schema with keys of its own satisfies.
 */
export type ServiceConfigSchema = TObject & { properties: BaseConfigProperties };

/** Everything a service's `app.ts` is given: explicit dependencies, no globals. */
export interface ServiceContext<C extends BaseConfig = BaseConfig> {
  name: string;
  mode: 'embedded' | 'distributed';
  config: C;
  logger: Logger;
  metrics: Registry;
  /** The service's own database (its PostgreSQL schema in embedded mode); absent for the gateway. */
  database: Database | undefined;
  /** A cache namespaced `bodega:<service>:`. */
  cache: Cache;
  /** Sessions and users whose tokens were revoked, shared by every service. */
  revocations: RevocationList;
  /**
   * Messages to every process of the platform (Redis pub/sub, or in-process in embedded mode), on the
   * cache all services share: catalog announces changed products here, so the gateway's edge cache
   * drops them.
   */
  broadcast: Broadcast;
  /** The bus, as this service's view: its publishes and deliveries traced as this service. */
  bus: ServiceBus;
  /**
   * The service's tracer provider (absent with TRACING_ENABLED=false). The kit, the database, the
   * cache, the bus and outgoing calls already use it; a service needs it only for spans of its own.
   */
  tracing: Tracing | undefined;
  /** Verifies access tokens against identity's JWKS and the revocation list. */
  verifier: Verifier;
  /**
   * This service's side of service-to-service calls (docs/adr/0016): `signer.token(callee)` for its
   * calls, `allow(...callers)` as the `onRequest` of each of its `/internal/*` routes.
   */
  serviceAuth: ServiceAuth;
  /** Registers work to do at shutdown, after the HTTP server stopped taking requests (LIFO). */
  onClose(cleanup: () => Promise<void>): void;
}

/** What a service is: its name, its config schema, its migrations and how to build its app. */
export interface ServiceDefinition<S extends ServiceConfigSchema = ServiceConfigSchema> {
  name: string;
  configSchema: S;
  /** drizzle-kit migrations folder; a service without one owns no database (the gateway). */
  migrationsDir?: string;
  build(context: ServiceContext<Static<S> & BaseConfig>): Promise<ServiceApp>;
  /**
   * Where operator routes (metrics, `/internal/ops/*`, probes) listen apart from the service's port:
   * for the public door, whose port the world reaches. Without it they answer on the service's port.
   */
  operatorListener?(config: Static<S> & BaseConfig): OperatorAddress;
}

/** Backends one embedded process shares between its services. */
export interface EmbeddedBackends {
  pglite: PGlite;
  bus: EventBus;
  /** The cache behind the revocation list, shared so a logout seen by identity is seen by all. */
  sharedCache: Cache;
}

export interface RunningService {
  name: string;
  logger: Logger;
  app: ServiceApp;
  /** Base URL the service listens on, e.g. http://127.0.0.1:8101. */
  url: string;
  port: number;
  /** Base URL of the operator listener, when the service has one (`operatorListener`). */
  opsUrl?: string;
  close: () => Promise<void>;
}

export interface StartServiceOptions {
  env?: NodeJS.ProcessEnv;
  /** Set when the service runs inside the embedded runtime, beside the others. */
  embedded?: EmbeddedBackends;
  logger?: Logger;
  /** Listen (default) or only build, for tests that use `app.inject`. */
  listen?: boolean;
  /**
   * A bus to use instead of the configured one (which the runtime then neither opens nor closes):
   * component tests feed a service events and read what it publishes, in process, on any database.
   */
  bus?: EventBus;
  /** The key prefix of the service's cache instead of `bodega:<service>:`: tests sharing one Redis. */
  cachePrefix?: string;
}

/** Loads config, opens backends, migrates, builds and (by default) listens: one service, ready. */
export async function startService<S extends ServiceConfigSchema>(
  definition: ServiceDefinition<S>,
  options: StartServiceOptions = {},
): Promise<RunningService> {
  const env = options.env ?? process.env;
  // The constraint on S guarantees the common keys; TypeScript cannot see through the generic.
  type Config = Static<S> & BaseConfig;
  const config = loadConfig(definition.configSchema, { service: definition.name, env }) as Config;
  const limits = listenerLimits(definition.name, config);
  const logger = options.logger ?? createLogger({ service: definition.name, level: config.LOG_LEVEL });
  const cleanups: (() => Promise<void>)[] = [];
  const onClose = (cleanup: () => Promise<void>) => {
    cleanups.push(cleanup);
  };
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => {
        logger.error({ err: error }, 'cleanup failed at shutdown');
      });
    }
    cleanups.length = 0;
  };

  try {
    const embedded = options.embedded;
    // A gateway has no database yet runs distributed on Redis and RabbitMQ: any real backend counts.
    const mode = embedded ? 'embedded' : modeOf(config);
    const dataDir = path.resolve(config.BODEGA_DATA_DIR);

    // First opened, last closed: spans of the shutdown itself are still exported.
    const tracing = config.TRACING_ENABLED
      ? createTracing({
          service: definition.name,
          otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
          sampleRatio: config.TRACING_SAMPLE_RATIO,
        })
      : undefined;
    if (tracing) onClose(() => tracing.shutdown());
    const tracer = tracing?.tracer;

    let database: Database | undefined;
    if (definition.migrationsDir) {
      database = await openDatabase(definition.name, config, embedded, dataDir, onClose, tracer);
      const applied = await migrateUp(database, {
        service: definition.name,
        migrations: loadMigrations(definition.migrationsDir),
      });
      if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');
    }

    // ioredis reports every failed reconnect; one structured warning each instead of stderr noise.
    const redis = {
      onError: (error: Error) => {
        logger.warn({ err: error }, 'redis connection error');
      },
    };
    const cache = createCache({
      url: embedded ? undefined : config.REDIS_URL,
      prefix: options.cachePrefix ?? `bodega:${definition.name}:`,
      redis,
      tracer,
    });
    onClose(() => cache.close());
    let sharedCache = embedded?.sharedCache;
    if (!sharedCache) {
      // Without Redis the list lives in memory: entries may leave only once expired (no count bound).
      const own = createCache({ url: config.REDIS_URL, prefix: 'bodega:auth:', maxEntries: Infinity, redis });
      onClose(() => own.close());
      sharedCache = own;
    }
    // Embedded services share one memory cache: only a Redis-backed list needs (and gets) a mirror.
    const revocations = createRevocationList(sharedCache, { logger });
    onClose(() => revocations.close());

    let bus: EventBus | undefined = embedded?.bus ?? options.bus;
    if (!bus) {
      const own = config.AMQP_URL
        ? await createRabbitBus({
            url: config.AMQP_URL,
            exchange: config.AMQP_EXCHANGE,
            logger,
            topology: eventConsumers,
          })
        : createInProcessBus({ logger });
      onClose(() => own.close());
      bus = own;
    }

    const serviceAuth = serviceAuthOf(definition.name, config, mode, dataDir);

    const verifier = createVerifier({
      jwks: new URL('/.well-known/jwks.json', config.IDENTITY_URL),
      isRevoked: (claims) => revocations.isRevoked(claims),
    });

    const ownBus = serviceBus(bus, {
      tracer,
      system: !embedded && !options.bus && config.AMQP_URL ? 'rabbitmq' : 'bodega',
    });
    const metrics = createMetricsRegistry(definition.name, { runtime: config.METRICS_ENABLED });
    const context: ServiceContext<Config> = {
      name: definition.name,
      mode,
      config,
      logger,
      metrics,
      database,
      cache,
      revocations,
      broadcast: broadcastOf(sharedCache),
      bus: ownBus,
      tracing,
      verifier,
      serviceAuth,
      onClose,
    };
    const app = await definition.build(context);
    // Added after the service's own wiring, which needs none of it: hooks and routes apply all the same.
    serviceControls(app).httpMetrics.enabled = config.METRICS_ENABLED;
    if (tracer) installServerSpans(app, tracer, untracedPaths);
    const stopOps = installOpsRoutes(app, {
      name: definition.name,
      metrics,
      bus: ownBus,
      traces: tracing?.store,
      serviceAuth,
    });
    onClose(async () => {
      stopOps();
    });
    await app.ready();

    let port = config.PORT;
    let opsUrl: string | undefined;
    if (options.listen !== false) {
      const operator = definition.operatorListener?.(config);
      // First, so that a port already taken fails the start before the public port opens.
      if (operator) {
        const ops = await listenForOperators(app, operator, limits, logger);
        onClose(() => ops.close());
        opsUrl = `http://${reachable(operator.host)}:${ops.port}`;
      }
      applyListenerLimits(app.server, limits);
      await app.listen({ host: config.HOST, port: config.PORT });
      const address = app.server.address();
      port = typeof address === 'object' && address ? address.port : config.PORT;
    }
    return {
      name: definition.name,
      logger,
      app,
      port,
      url: `http://${reachable(config.HOST)}:${port}`,
      ...(opsUrl === undefined ? {} : { opsUrl }),
      close: async () => {
        await app.close();
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * The service's keys: from SERVICE_PRIVATE_KEY and SERVICE_PUBLIC_KEYS, which distributed mode requires;
 * in embedded mode what is missing comes from the data directory (startEmbedded gives both).
 */
function serviceAuthOf(
  name: string,
  config: BaseConfig,
  mode: 'embedded' | 'distributed',
  dataDir: string,
): ServiceAuth {
  let keys: ServiceKeys;
  if (config.SERVICE_PRIVATE_KEY !== undefined && config.SERVICE_PUBLIC_KEYS !== undefined) {
    keys = { privateKey: config.SERVICE_PRIVATE_KEY, publicKeys: config.SERVICE_PUBLIC_KEYS };
  } else if (mode === 'embedded') {
    const held = embeddedServiceKeys(dataDir, name, config.SERVICE_PRIVATE_KEY);
    keys = { privateKey: held.privateKey, publicKeys: config.SERVICE_PUBLIC_KEYS ?? held.publicKeys };
  } else {
    const missing = ['SERVICE_PRIVATE_KEY', 'SERVICE_PUBLIC_KEYS'].filter(
      (key) => config[key as keyof BaseConfig] === undefined,
    );
    throw new Error(
      `Invalid configuration for ${name}:\n${missing.map((key) => `  - ${key}: not set (required in distributed mode)`).join('\n')}`,
    );
  }
  try {
    return createServiceAuth({ service: name, ...keys });
  } catch (error) {
    throw new Error(`Invalid configuration for ${name}:\n  - ${(error as Error).message}`, { cause: error });
  }
}

async function openDatabase(
  name: string,
  config: BaseConfig,
  embedded: EmbeddedBackends | undefined,
  dataDir: string,
  onClose: (cleanup: () => Promise<void>) => void,
  tracer: Tracer | undefined,
): Promise<Database> {
  if (embedded) return pgliteDatabase(embedded.pglite, name, { tracer });
  if (config.DATABASE_URL) {
    const database = postgresDatabase({
      url: config.DATABASE_URL,
      schema: name,
      max: config.DATABASE_POOL_MAX,
      tracer,
    });
    onClose(() => database.close());
    return database;
  }
  // A service started alone without a database URL gets a PGlite of its own.
  const pglite = await openPglite(path.join(dataDir, name));
  onClose(() => pglite.close());
  return pgliteDatabase(pglite, name, { tracer });
}

/** A host to reach a listener at: a wildcard address is reached on loopback. */
function reachable(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}
