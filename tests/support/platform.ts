/**
 * The whole platform for end-to-end suites: every service behind the gateway, in embedded mode (one
 * process, PGlite, in-process bus, memory cache) and, when the real backends are configured, in
 * distributed mode (each service with its own PostgreSQL database, Redis and RabbitMQ).
 */
import { generateKeyPairSync } from 'node:crypto';
import { analytics } from '@bodega/analytics';
import { catalog } from '@bodega/catalog';
import { identity } from '@bodega/identity';
import { gateway } from '@bodega/gateway';
import { orders } from '@bodega/orders';
import { payments } from '@bodega/payments';
import { search } from '@bodega/search';
import { startEmbedded, startService, type RunningService, type ServiceDefinition } from '@bodega/kit';
import { silentLogger } from '@bodega/logging';
import type { EventEnvelope } from '@bodega/contracts';
import { createRabbitBus, type EventBus } from '@bodega/events';
import {
  deleteRabbitTopology,
  freshPglite,
  realBackends,
  testServiceKeys,
  throwawayPostgres,
  uniqueSuffix,
} from '@bodega/testing';

/** In start order: a service starts after those it calls, so their URLs are known. */
const services: ServiceDefinition[] = [identity, catalog, search, payments, orders, analytics, gateway];
/** Every event consumer of the platform, whose RabbitMQ queues a distributed run deletes at the end. */
const consumers = ['search', 'orders', 'analytics'];

// Response bodies are read loosely: each test asserts the fields it cares about.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export const admin = { email: 'root@example.com', password: 'root password 1234' };

const baseEnv = {
  LOG_LEVEL: 'silent',
  PORT: '0',
  // The gateway's operator port (metrics, /internal/ops); the other services have none.
  OPS_PORT: '0',
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_TIME_COST: '1',
  RATE_LIMIT_MAX: '100000',
  AUTH_RATE_LIMIT_MAX: '100000',
  LOGIN_RATE_LIMIT_MAX: '100000',
  DEMO_CATALOG_SIZE: '0',
  DEMO_PROMOTIONS: 'false',
};

export interface Platform {
  url: string;
  /** The gateway's operator port: its /metrics. */
  opsUrl: string;
  /** Where a service behind the gateway answers (to reach it without the gateway). */
  serviceUrl: (name: string) => string;
  /** Publishes straight to the platform's bus, as if a service had (tests of what consumers do with it). */
  publish: (envelope: EventEnvelope) => Promise<void>;
  close: () => Promise<void>;
}

async function embedded(env: Record<string, string>): Promise<Platform> {
  const platform = await startEmbedded(services, {
    env: { ...baseEnv, ...env, BODEGA_DATA_DIR: `/tmp/bodega-platform-${uniqueSuffix()}` },
    logger: silentLogger(),
    pglite: await freshPglite(),
  });
  const door = platform.services.find((service) => service.name === 'gateway')!;
  return {
    url: door.url,
    opsUrl: door.opsUrl!,
    serviceUrl: (name) => platform.services.find((service) => service.name === name)!.url,
    publish: (envelope) => platform.bus.publish(envelope),
    close: platform.close,
  };
}

async function distributed(env: Record<string, string>): Promise<Platform> {
  const { postgres, redis, amqp } = realBackends();
  const exchange = `bodega-platform-${uniqueSuffix()}`;
  const shared = {
    ...baseEnv,
    ...env,
    REDIS_URL: redis,
    AMQP_URL: amqp,
    AMQP_EXCHANGE: exchange,
    // Counters of its own: another gateway on this Redis (a dev's, a benchmark's) must not throttle the test.
    RATE_LIMIT_NAMESPACE: `bodega:test:${uniqueSuffix()}:rate-limit:`,
    JWT_PRIVATE_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    BODEGA_DATA_DIR: `/tmp/bodega-platform-${uniqueSuffix()}`,
  };
  // Each service its own database and key, as in production; the gateway owns no database.
  const keys = testServiceKeys();
  const started: RunningService[] = [];
  const databases: Awaited<ReturnType<typeof throwawayPostgres>>[] = [];
  const urls: Record<string, string> = {};
  for (const definition of services) {
    const database = definition.migrationsDir ? await throwawayPostgres(postgres!) : undefined;
    if (database) databases.push(database);
    const running = await startService(definition, {
      env: {
        ...shared,
        ...urls,
        ...keys.env(definition.name),
        ...(database ? { DATABASE_URL: database.url } : {}),
      },
      logger: silentLogger(),
    });
    started.push(running);
    urls[`${definition.name.toUpperCase()}_URL`] = running.url;
  }
  let bus: EventBus | undefined;
  return {
    url: started.at(-1)!.url,
    opsUrl: started.at(-1)!.opsUrl!,
    serviceUrl: (name) => urls[`${name.toUpperCase()}_URL`]!,
    publish: async (envelope) => {
      bus ??= await createRabbitBus({ url: amqp!, exchange, logger: silentLogger() });
      await bus.publish(envelope);
    },
    close: async () => {
      await bus?.close();
      for (const service of started.reverse()) await service.close();
      for (const database of databases) await database.drop();
      await deleteRabbitTopology(amqp!, {
        exchanges: [exchange],
        consumers: consumers.map((consumer) => ({ exchange, consumer })),
      });
    },
  };
}

/** The modes this run can start: embedded always, distributed when every real backend is configured. */
export function platformModes(): [string, (env?: Record<string, string>) => Promise<Platform>][] {
  const { postgres, redis, amqp } = realBackends();
  const modes: [string, (env?: Record<string, string>) => Promise<Platform>][] = [
    ['embedded', (env = {}) => embedded(env)],
  ];
  if (postgres && redis && amqp) modes.push(['distributed', (env = {}) => distributed(env)]);
  return modes;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: Json;
}

/** A JSON client of the gateway at `url`. */
export function client(url: () => string) {
  return async function call(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const response = await fetch(`${url()}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as Json) : {},
    };
  };
}
