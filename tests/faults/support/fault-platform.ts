/**
 * The distributed platform of one fault scenario: every service its own child process (the `bodega`
 * CLI, as `npm run start:services` runs them), each on a throwaway PostgreSQL database of its own, with
 * its own RabbitMQ exchange and queues, so it runs beside any other test file on the shared servers.
 *
 * Services never reach PostgreSQL, RabbitMQ or (for orders) payments directly but through a fault
 * proxy of the test (`@bodega/testing` startFaultProxy): a scenario breaks that link, never the
 * machine's servers, which other tests are using. The scenario itself reads the databases directly
 * (`query`), past the proxy, to check its invariants.
 */
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  deleteRabbitTopology,
  freePort,
  startFaultProxy,
  testServiceKeys,
  throwawayPostgres,
  uniqueSuffix,
  type FaultProxy,
} from '@bodega/testing';
import { cleanEnv, cliArgs, diedReason, ensureCliBundle, repoDir } from '../../../bench/lib/platform.js';
import { ProcessGroup, type Started } from '../../../bench/lib/processes.js';
import { answersOk, waitUntil } from '../../../bench/lib/wait.js';
import type { Backends } from './suite.js';

export const serviceNames = [
  'identity',
  'catalog',
  'search',
  'payments',
  'orders',
  'analytics',
  'gateway',
] as const;
export type ServiceName = (typeof serviceNames)[number];
/** The services that own a database (all but the gateway). */
export type DataService = Exclude<ServiceName, 'gateway'>;
/** Every consumer on the bus: its queues are deleted at the end. */
const consumers = ['search', 'orders', 'analytics'];

export const admin = { email: 'faults-admin@example.com', password: 'faults admin password 1234' };

/** One service process: where it answers, and its process (killed, restarted by scenarios). */
export interface ServiceProcess {
  name: ServiceName;
  url: string;
  process: Started;
  /** Starts it again with the same environment and port (after `kill`). */
  restart(): Promise<void>;
  /** SIGKILL: no shutdown hook runs, in-flight work is lost, as when a machine dies. */
  kill(): Promise<void>;
}

export interface FaultPlatform {
  /** The gateway's base URL: the platform's public door. */
  url: string;
  services: Record<ServiceName, ServiceProcess>;
  /** Between every service and PostgreSQL, RabbitMQ, and orders and payments, and orders and catalog. */
  proxies: { postgres: FaultProxy; rabbitmq: FaultProxy; payments: FaultProxy; catalog: FaultProxy };
  /** The topic exchange of this platform alone. */
  exchange: string;
  amqpUrl: string;
  /** A query on a service's own database, straight to PostgreSQL (past the proxy). */
  query<T extends pg.QueryResultRow = Record<string, unknown>>(
    service: DataService,
    text: string,
    params?: unknown[],
  ): Promise<T[]>;
  /** Waits until the service's /readyz answers 200. */
  ready(service: ServiceName, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface FaultPlatformOptions {
  /** Extra environment per service (e.g. orders' recovery timings for a crash scenario). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

/**
 * The checkout whose services are started: this one, or the one `FAULTS_SERVICES_ROOT` names (a
 * build under test, or a clean copy of a commit while the working tree is being edited).
 */
const servicesRoot = process.env.FAULTS_SERVICES_ROOT ?? repoDir;

const sharedEnv = {
  HOST: '127.0.0.1',
  // Service logs go to files in the run's work dir; warnings are what a failed scenario needs.
  LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn',
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  // Four platforms side by side on one PostgreSQL (max_connections 100): small pools keep all of
  // them within it, reconnecting at once after an outage included.
  DATABASE_POOL_MAX: '4',
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_TIME_COST: '1',
  RATE_LIMIT_MAX: '1000000',
  AUTH_RATE_LIMIT_MAX: '1000000',
  LOGIN_RATE_LIMIT_MAX: '1000000',
  DEMO_CATALOG_SIZE: '0',
  DEMO_PROMOTIONS: 'false',
};

/** Starts the platform; on any failure, stops what it started and cleans up before rethrowing. */
export async function startFaultPlatform(
  backends: Backends,
  options: FaultPlatformOptions = {},
): Promise<FaultPlatform> {
  // The services run as `npm run start:services` runs them: from the command's bundle.
  ensureCliBundle();
  const suffix = uniqueSuffix();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-faults-'));
  const processes = new ProcessGroup(path.join(workDir, 'logs'));
  const exchange = `bodega-faults-${suffix}`;
  const databases = new Map<DataService, Awaited<ReturnType<typeof throwawayPostgres>>>();
  const pools = new Map<DataService, pg.Pool>();
  const proxies: Partial<FaultPlatform['proxies']> = {};

  const cleanup = async () => {
    await processes.stopAll();
    for (const proxy of Object.values(proxies)) await proxy.close();
    for (const pool of pools.values()) await pool.end().catch(() => undefined);
    for (const database of databases.values()) await database.drop().catch(() => undefined);
    await deleteRabbitTopology(backends.amqp, {
      exchanges: [exchange],
      consumers: consumers.map((consumer) => ({ exchange, consumer })),
    }).catch(() => undefined);
    if (process.env.FAULTS_KEEP_LOGS) console.log(`[faults] service logs kept in ${workDir}/logs`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  };

  try {
    const postgresUrl = new URL(backends.postgres);
    const amqpUrl = new URL(backends.amqp);
    const postgresProxy = await startFaultProxy({
      target: { host: postgresUrl.hostname, port: Number(postgresUrl.port || 5432) },
    });
    proxies.postgres = postgresProxy;
    proxies.rabbitmq = await startFaultProxy({
      target: { host: amqpUrl.hostname, port: Number(amqpUrl.port || 5672) },
    });

    // From freePort: below the ephemeral range, so no outgoing connection can hold one meanwhile.
    const ports = Object.fromEntries(
      await Promise.all(serviceNames.map(async (name) => [name, await freePort()] as const)),
    ) as Record<ServiceName, number>;
    const urlOf = (name: ServiceName) => `http://127.0.0.1:${ports[name]}`;
    proxies.payments = await startFaultProxy({ target: { host: '127.0.0.1', port: ports.payments } });
    proxies.catalog = await startFaultProxy({ target: { host: '127.0.0.1', port: ports.catalog } });

    // What each service's DATABASE_URL and AMQP_URL say: the proxies' ports, the real credentials.
    const throughProxy = (real: string, proxy: FaultProxy, pathname?: string) => {
      const url = new URL(real);
      url.hostname = '127.0.0.1';
      url.port = String(proxy.port);
      if (pathname !== undefined) url.pathname = pathname;
      return url.toString();
    };
    for (const name of serviceNames) {
      if (name === 'gateway') continue;
      const database = await throwawayPostgres(backends.postgres);
      databases.set(name, database);
      pools.set(name, new pg.Pool({ connectionString: database.url, max: 2 }));
    }

    const signingKey = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const common = {
      ...sharedEnv,
      REDIS_URL: backends.redis,
      AMQP_URL: throughProxy(backends.amqp, proxies.rabbitmq),
      AMQP_EXCHANGE: exchange,
      BODEGA_DATA_DIR: path.join(workDir, 'data'),
      IDENTITY_URL: urlOf('identity'),
    };
    const own: Record<ServiceName, Record<string, string>> = {
      identity: { JWT_PRIVATE_KEY: signingKey },
      catalog: {},
      search: {},
      payments: {},
      orders: {
        CATALOG_URL: `http://127.0.0.1:${proxies.catalog.port}`,
        PAYMENTS_URL: `http://127.0.0.1:${proxies.payments.port}`,
      },
      analytics: {},
      gateway: {
        CATALOG_URL: urlOf('catalog'),
        SEARCH_URL: urlOf('search'),
        ORDERS_URL: urlOf('orders'),
        PAYMENTS_URL: urlOf('payments'),
        ANALYTICS_URL: urlOf('analytics'),
        // Counters of its own: other gateways on this Redis must not throttle the scenario.
        RATE_LIMIT_NAMESPACE: `bodega:faults:${suffix}:rate-limit:`,
        OPS_PORT: String(await freePort()),
      },
    };
    const keys = testServiceKeys();
    const envOf = (name: ServiceName): Record<string, string> => {
      const database = name === 'gateway' ? undefined : databases.get(name);
      return {
        ...common,
        ...keys.env(name),
        ...own[name],
        ...(options.env?.[name] ?? {}),
        PORT: String(ports[name]),
        ...(database
          ? { DATABASE_URL: throughProxy(database.url, postgresProxy, new URL(database.url).pathname) }
          : {}),
      };
    };

    const ready = async (name: ServiceName, started: Started, timeoutMs = 150_000) => {
      await waitUntil(() => answersOk(`${urlOf(name)}/readyz`), {
        what: `${name} /readyz`,
        timeoutMs,
        intervalMs: 200,
        abandon: diedReason(started),
      });
    };
    const launch = (name: ServiceName) =>
      processes.start(name, process.execPath, [...cliArgs, 'start', '--service', name], {
        cwd: servicesRoot,
        env: cleanEnv(envOf(name)),
      });

    const services = {} as Record<ServiceName, ServiceProcess>;
    const start = (name: ServiceName) => {
      const service: ServiceProcess = {
        name,
        url: urlOf(name),
        process: launch(name),
        async restart() {
          if (service.process.isRunning()) throw new Error(`${name} is still running`);
          service.process = launch(name);
          await ready(name, service.process);
        },
        async kill() {
          try {
            process.kill(-service.process.pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
          await service.process.exited;
        },
      };
      services[name] = service;
      return ready(name, service.process);
    };
    // Consumers first (every service declares the consumers' queues anyway, see eventConsumers), then
    // the others, all at once: each boots (migrations, connections) on its own, nobody calls another meanwhile.
    await Promise.all(consumers.map((name) => start(name as ServiceName)));
    await Promise.all(serviceNames.filter((name) => !consumers.includes(name)).map(start));

    const platform: FaultPlatform = {
      url: urlOf('gateway'),
      services,
      proxies: proxies as FaultPlatform['proxies'],
      exchange,
      amqpUrl: backends.amqp,
      async query<T extends pg.QueryResultRow>(service: DataService, text: string, params: unknown[] = []) {
        const result = await pools.get(service)!.query<T>(text, params);
        return result.rows;
      },
      ready: (name, timeoutMs) => ready(name, services[name].process, timeoutMs),
      close: cleanup,
    };
    return platform;
  } catch (error) {
    await cleanup();
    throw error;
  }
}
