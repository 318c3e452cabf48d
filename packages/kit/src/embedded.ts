import fs from 'node:fs';
import path from 'node:path';
import { openPglite, type PGlite } from '@bodega/db';
import { MemoryCache } from '@bodega/cache';
import { createInProcessBus, type EventBus } from '@bodega/events';
import { createLogger, type Logger } from '@bodega/logging';
import { distributedBackendKeys, envForService } from './config.js';
import { formatServicePublicKeys } from '@bodega/auth';
import { loadOrCreateServiceKeys } from './service-keys.js';
import { startService, type RunningService, type ServiceDefinition } from './runtime.js';

export interface EmbeddedPlatform {
  services: RunningService[];
  /** The in-process bus every service shares (tests publish to it directly). */
  bus: EventBus;
  /** Whether the embedded database was created by this start (the slow first run). */
  created: boolean;
  close: () => Promise<void>;
}

export interface StartEmbeddedOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Use this PGlite instance instead of opening `BODEGA_DATA_DIR` (tests); it is closed with the platform. */
  pglite?: PGlite;
}

/**
 * Runs every service in this one process: one PGlite hosting each service's schema, one in-process
 * bus, one memory cache for revocations. Each service still listens on its own port and is reached
 * over HTTP, so embedded and distributed modes run the same code paths (docs/adr/0001).
 */
export async function startEmbedded(
  definitions: ServiceDefinition[],
  options: StartEmbeddedOptions = {},
): Promise<EmbeddedPlatform> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(options.env ?? process.env).filter(
      ([key]) => !(distributedBackendKeys as readonly string[]).includes(key),
    ),
  );
  const logger = options.logger ?? createLogger({ service: 'bodega', level: env.LOG_LEVEL ?? 'info' });
  const dataDir = path.resolve(env.BODEGA_DATA_DIR ?? '.bodega/data');
  const pgDir = path.join(dataDir, 'pg');
  const created = !options.pglite && !fs.existsSync(path.join(pgDir, 'PG_VERSION'));
  fs.mkdirSync(dataDir, { recursive: true });

  const pglite = options.pglite ?? (await openPglite(pgDir));
  const bus = createInProcessBus({ logger });
  // Revocations live here: an entry may leave only once the token it revokes has expired (no count bound).
  const sharedCache = new MemoryCache({ keyPrefix: 'bodega:auth:', maxEntries: Infinity });
  // A key pair per service, and one for the CLI's seeding (docs/adr/0016): each service signs with its
  // own key even here, so the allow-lists of internal routes are exercised as in production.
  const privateKeys = loadOrCreateServiceKeys(dataDir, [...definitions.map(({ name }) => name), 'cli'], env);
  const publicKeys = formatServicePublicKeys(privateKeys);

  const services: RunningService[] = [];
  const close = async () => {
    for (const service of [...services].reverse()) await service.close();
    await bus.close();
    await sharedCache.close();
    await pglite.close();
  };
  try {
    for (const definition of definitions) {
      const serviceEnv: NodeJS.ProcessEnv = {
        ...envForService(definition.name, env),
        SERVICE_PRIVATE_KEY: privateKeys[definition.name],
        SERVICE_PUBLIC_KEYS: publicKeys,
      };
      const serviceLogger = createLogger({ service: definition.name, level: serviceEnv.LOG_LEVEL ?? 'info' });
      const running = await startService(definition, {
        env: serviceEnv,
        logger: serviceLogger,
        embedded: { pglite, bus, sharedCache },
      });
      services.push(running);
      // Services started later find this one where it really listens (port 0 in tests picks any).
      env[`${definition.name.toUpperCase()}_URL`] ??= running.url;
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { services, bus, created, close };
}
