import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatServicePublicKeys } from '@bodega/auth';
import { databaseUrlFor, ensureDatabase } from '@bodega/db';
import {
  closeOnSignals,
  distributedBackendKeys,
  envForService,
  modeOf,
  loadOrCreateServiceKeys,
  shutdownTimeoutMs,
  startEmbedded,
  startService,
} from '@bodega/kit';
import { createLogger } from '@bodega/logging';
import { loadDemoHistory } from './demo-history.js';
import { seedOrders } from './seed-orders.js';
import { seedOptionsFrom } from './seed.js';
import { findService, platformServices } from './services.js';
import { UsageError } from './usage-error.js';

/** Whether the environment asks for distributed mode (ARCHITECTURE "Configuration"). */
export function wantsDistributed(env: NodeJS.ProcessEnv): boolean {
  return modeOf(env) === 'distributed';
}

/** `bodega start`: the whole platform in one process (embedded), ready in seconds. */
export async function startEmbeddedPlatform(env: NodeJS.ProcessEnv): Promise<void> {
  const logger = createLogger({ service: 'bodega', level: env.LOG_LEVEL ?? 'info' });
  const started = performance.now();
  const platform = await startEmbedded(platformServices, { env, logger });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const gatewayService = platform.services.find((service) => service.name === 'gateway');
  logger.info(
    {
      ready_seconds: Number(seconds),
      first_run: platform.created,
      rss_mb: Math.round(process.memoryUsage().rss / 1_048_576),
      services: Object.fromEntries(platform.services.map((service) => [service.name, service.url])),
    },
    `Bodega is ready in ${seconds} s at ${gatewayService?.url ?? '(no gateway)'}`,
  );
  closeOnSignals(platform.close, logger, shutdownTimeoutMs(env));
  if (platform.created && wantsDemoHistory(env)) {
    const url = (name: string) => platform.services.find((service) => service.name === name)?.url ?? '';
    // After "ready", not before it: the shop answers at once while its past fills in behind it.
    void loadDemoHistory({
      urls: {
        identity: url('identity'),
        catalog: url('catalog'),
        orders: url('orders'),
        analytics: url('analytics'),
      },
      importOrders: (orders) =>
        seedOrders({
          ...seedOptionsFrom({ orders: String(orders) }, env),
          catalogUrl: url('catalog'),
          ordersUrl: url('orders'),
        }),
    }).then(
      (loaded) => {
        logger.info(
          { ...loaded, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) },
          'demo history loaded: past orders, browsing sessions and paid checkouts for the admin',
        );
      },
      (error: unknown) => {
        logger.warn({ err: error }, 'demo history not loaded: the shop works without it');
      },
    );
  }
}

/**
 * A first start with the demo catalog also gets a demo past (DEMO_HISTORY=false: none, as the
 * platform tests start it); never with DEMO_CATALOG_SIZE=0, which has no products to sell.
 */
export function wantsDemoHistory(env: NodeJS.ProcessEnv): boolean {
  return env.DEMO_HISTORY !== 'false' && env.DEMO_CATALOG_SIZE !== '0';
}

/** `bodega start --service <name>`: one service in this process (distributed when URLs are set). */
export async function startOneService(name: string, env: NodeJS.ProcessEnv): Promise<void> {
  const definition = findService(name);
  const logger = createLogger({ service: name, level: env.LOG_LEVEL ?? 'info' });
  const running = await startService(definition, { env, logger });
  logger.info({ url: running.url }, `${name} is listening`);
  closeOnSignals(running.close, logger, shutdownTimeoutMs(env));
}

/**
 * `bodega start --services`: every service as its own process on the real backends, as in
 * production. Each gets its own database (`bodega_<service>`), created when missing.
 */
export async function startProcesses(env: NodeJS.ProcessEnv): Promise<void> {
  const missing = distributedBackendKeys.filter((key) => !env[key]);
  if (missing.length > 0) {
    throw new UsageError(
      `start --services runs on the real backends: set ${missing.join(', ')} (e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 AMQP_URL=amqp://guest:guest@127.0.0.1:5672)`,
    );
  }
  const logger = createLogger({ service: 'bodega', level: env.LOG_LEVEL ?? 'info' });
  const dataDir = path.resolve(env.BODEGA_DATA_DIR ?? '.bodega/data');
  const secrets = path.join(dataDir, 'secrets');
  // A key pair per service (and the CLI's, for seeding), each process given its own private key alone.
  const privateKeys = loadOrCreateServiceKeys(
    dataDir,
    [...platformServices.map(({ name }) => name), 'cli'],
    env,
  );
  const shared: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(env).filter(([key]) => !key.endsWith('_SERVICE_PRIVATE_KEY')),
  );
  shared.SERVICE_PUBLIC_KEYS = formatServicePublicKeys(privateKeys);
  if (!env.JWT_PRIVATE_KEY && !env.JWT_PRIVATE_KEY_FILE)
    shared.JWT_PRIVATE_KEY_FILE = developmentSigningKey(secrets);

  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) {
              resolve();
              return;
            }
            child.once('exit', () => {
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  };

  for (const definition of platformServices) {
    const serviceEnv = envForService(definition.name, shared);
    serviceEnv.SERVICE_PRIVATE_KEY = privateKeys[definition.name];
    if (definition.migrationsDir) {
      const url = databaseUrlFor(definition.name, env);
      if (!url) throw new UsageError('DATABASE_URL is required');
      await ensureDatabase(url);
      serviceEnv.DATABASE_URL = url;
    } else {
      delete serviceEnv.DATABASE_URL;
    }
    const child = spawn(
      process.execPath,
      [...process.execArgv, process.argv[1] ?? '', 'start', '--service', definition.name],
      {
        env: serviceEnv,
        stdio: 'inherit',
      },
    );
    children.set(definition.name, child);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      logger.error({ service: definition.name, code, signal }, 'a service exited: stopping the platform');
      void stopAll().then(() => process.exit(1));
    });
  }
  logger.info({ services: [...children.keys()] }, 'started every service as its own process');
  // Each service has SHUTDOWN_TIMEOUT_MS to stop; this process outlasts them to see them go.
  closeOnSignals(stopAll, logger, shutdownTimeoutMs(env) + 5_000);
}

/** A signing key for local multi-process runs; production mounts its own secret. */
function developmentSigningKey(dir: string): string {
  const file = path.join(dir, 'identity-signing-key.pem');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  return file;
}
