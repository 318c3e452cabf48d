import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { databaseUrlFor, ensureDatabase } from '@bodega/db';
import {
  closeOnSignals,
  distributedBackendKeys,
  envForService,
  modeOf,
  loadOrCreateSecret,
  startEmbedded,
  startService,
} from '@bodega/kit';
import { createLogger } from '@bodega/logging';
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
  closeOnSignals(platform.close, logger);
}

/** `bodega start --service <name>`: one service in this process (distributed when URLs are set). */
export async function startOneService(name: string, env: NodeJS.ProcessEnv): Promise<void> {
  const definition = findService(name);
  const logger = createLogger({ service: name, level: env.LOG_LEVEL ?? 'info' });
  const running = await startService(definition, { env, logger });
  logger.info({ url: running.url }, `${name} is listening`);
  closeOnSignals(running.close, logger);
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
  const secrets = path.resolve(env.BODEGA_DATA_DIR ?? '.bodega/data', 'secrets');
  const shared: NodeJS.ProcessEnv = {
    ...env,
    SERVICE_TOKEN_SECRET: env.SERVICE_TOKEN_SECRET ?? loadOrCreateSecret(path.join(secrets, 'service-token')),
  };
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
  closeOnSignals(stopAll, logger, 20_000);
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
