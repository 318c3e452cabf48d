/**
 * The whole platform for the security suite, started as tests/support/platform.ts starts it (every
 * service behind the gateway, embedded always, distributed when the real backends are configured) with
 * two things that suite cannot give: the identity signing key is the suite's own, so it can forge the
 * tokens identity would sign (expired, not yet valid, another audience), and every service writes its
 * log lines, at the most verbose level, into memory, so the suite can read them for secrets.
 */
import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import { analytics } from '@bodega/analytics';
import { MemoryCache } from '@bodega/cache';
import { catalog } from '@bodega/catalog';
import { createInProcessBus } from '@bodega/events';
import { gateway } from '@bodega/gateway';
import { identity } from '@bodega/identity';
import { envForService, startService, type RunningService, type ServiceDefinition } from '@bodega/kit';
import { createLogger, silentLogger, type Logger } from '@bodega/logging';
import { orders } from '@bodega/orders';
import { payments } from '@bodega/payments';
import { search } from '@bodega/search';
import {
  deleteRabbitTopology,
  freshPglite,
  realBackends,
  testServiceKeys,
  throwawayPostgres,
  uniqueSuffix,
  type TestServiceKeys,
} from '@bodega/testing';
import { admin } from '../../support/platform.js';

export { admin };

/** In start order: a service starts after those it calls. */
const services: ServiceDefinition[] = [identity, catalog, search, payments, orders, analytics, gateway];
const consumers = ['search', 'orders', 'analytics'];

/** The secrets a run is configured with, which no log line may ever hold. */
export interface PlatformSecrets {
  /** The identity signing key (PKCS8 PEM), also the key the suite forges tokens with. */
  signingKey: string;
  /** Every service's own service-token key (docs/adr/0016). */
  serviceKeys: TestServiceKeys;
  adminPassword: string;
}

export interface SecurityPlatform {
  /** The gateway's base URL: the only door the suite knocks on. */
  url: string;
  secrets: PlatformSecrets;
  /** Every log line written so far by every service, as written (JSON text). */
  logLines: () => string[];
  close: () => Promise<void>;
}

export interface StartOptions {
  /** Extra environment of every service (rate limits, TRUST_PROXY...). */
  env?: Record<string, string>;
  /** Keep every log line, at the most verbose level (the log scan); otherwise the services are silent. */
  captureLogs?: boolean;
}

export type StartPlatform = (options?: StartOptions) => Promise<SecurityPlatform>;

const baseEnv = {
  PORT: '0',
  // The gateway's operator port; the other services have none.
  OPS_PORT: '0',
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_TIME_COST: '1',
  RATE_LIMIT_MAX: '1000000',
  AUTH_RATE_LIMIT_MAX: '1000000',
  LOGIN_RATE_LIMIT_MAX: '1000000',
  DEMO_CATALOG_SIZE: '0',
  DEMO_PROMOTIONS: 'false',
};

/** A sink that keeps every line in memory, or (not capturing) loggers that write nothing. */
function logSink(capture: boolean) {
  const lines: string[] = [];
  let pending = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString('utf8');
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      lines.push(...complete.filter((line) => line.length > 0));
      done();
    },
  });
  return {
    // Everything pino can write, so a secret in a debug line is caught too.
    logger: (service: string): Logger =>
      capture ? createLogger({ service, level: 'trace', destination: stream }) : silentLogger(),
    lines: () => (pending.length > 0 ? [...lines, pending] : [...lines]),
  };
}

function freshSecrets(): PlatformSecrets {
  return {
    signingKey: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    serviceKeys: testServiceKeys(),
    adminPassword: admin.password,
  };
}

/** Embedded mode as `startEmbedded` composes it (one PGlite, one bus, one memory cache), logs kept. */
async function embedded({ env = {}, captureLogs = false }: StartOptions): Promise<SecurityPlatform> {
  const secrets = freshSecrets();
  const sink = logSink(captureLogs);
  const pglite = await freshPglite();
  const bus = createInProcessBus({ logger: sink.logger('bus') });
  const sharedCache = new MemoryCache({ keyPrefix: 'bodega:auth:', maxEntries: Infinity });
  const shared: Record<string, string> = {
    ...baseEnv,
    ...env,
    LOG_LEVEL: captureLogs ? 'trace' : 'silent',
    JWT_PRIVATE_KEY: secrets.signingKey,
    BODEGA_DATA_DIR: `/tmp/bodega-security-${uniqueSuffix()}`,
  };
  const started: RunningService[] = [];
  const close = async () => {
    for (const service of [...started].reverse()) await service.close();
    await bus.close();
    await sharedCache.close();
    await pglite.close();
  };
  try {
    for (const definition of services) {
      const running = await startService(definition, {
        env: { ...envForService(definition.name, shared), ...secrets.serviceKeys.env(definition.name) },
        logger: sink.logger(definition.name),
        embedded: { pglite, bus, sharedCache },
      });
      started.push(running);
      shared[`${definition.name.toUpperCase()}_URL`] = running.url;
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { url: started.at(-1)!.url, secrets, logLines: sink.lines, close };
}

/** Distributed mode: each service its own PostgreSQL database, Redis, RabbitMQ; logs kept. */
async function distributed({ env = {}, captureLogs = false }: StartOptions): Promise<SecurityPlatform> {
  const { postgres, redis, amqp } = realBackends();
  const secrets = freshSecrets();
  const sink = logSink(captureLogs);
  const exchange = `bodega-security-${uniqueSuffix()}`;
  const shared: Record<string, string> = {
    ...baseEnv,
    ...env,
    LOG_LEVEL: captureLogs ? 'trace' : 'silent',
    REDIS_URL: redis!,
    AMQP_URL: amqp!,
    AMQP_EXCHANGE: exchange,
    RATE_LIMIT_NAMESPACE: `bodega:test:${uniqueSuffix()}:rate-limit:`,
    JWT_PRIVATE_KEY: secrets.signingKey,
    BODEGA_DATA_DIR: `/tmp/bodega-security-${uniqueSuffix()}`,
  };
  const started: RunningService[] = [];
  const databases: Awaited<ReturnType<typeof throwawayPostgres>>[] = [];
  const close = async () => {
    for (const service of [...started].reverse()) await service.close();
    for (const database of databases) await database.drop();
    await deleteRabbitTopology(amqp!, {
      exchanges: [exchange],
      consumers: consumers.map((consumer) => ({ exchange, consumer })),
    });
  };
  try {
    for (const definition of services) {
      const database = definition.migrationsDir ? await throwawayPostgres(postgres!) : undefined;
      if (database) databases.push(database);
      const running = await startService(definition, {
        env: {
          ...shared,
          ...secrets.serviceKeys.env(definition.name),
          ...(database ? { DATABASE_URL: database.url } : {}),
        },
        logger: sink.logger(definition.name),
      });
      started.push(running);
      shared[`${definition.name.toUpperCase()}_URL`] = running.url;
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { url: started.at(-1)!.url, secrets, logLines: sink.lines, close };
}

/** The modes this run can start: embedded always, distributed when every real backend is configured. */
export function securityModes(): [string, StartPlatform][] {
  const { postgres, redis, amqp } = realBackends();
  const modes: [string, StartPlatform][] = [['embedded', (options = {}) => embedded(options)]];
  if (postgres && redis && amqp) modes.push(['distributed', (options = {}) => distributed(options)]);
  return modes;
}
