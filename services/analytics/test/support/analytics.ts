import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryCache } from '@bodega/cache';
import { type Database } from '@bodega/db';
import { createInProcessBus, type EventBus } from '@bodega/events';
import { startService, type ServiceApp } from '@bodega/kit';
import { silentLogger } from '@bodega/logging';
import {
  realBackends,
  testServiceKeys,
  uniqueSuffix,
  type DatabaseBackend,
  type TestDatabase,
} from '@bodega/testing';
import { startTokenIssuer, type TokenIssuer } from '@bodega/testing';
import { analytics } from '../../src/index.js';

/** Analytics running on one backend, built but not listening: tests talk to it with `app.inject`. */
export interface AnalyticsUnderTest {
  backend: 'pglite' | 'postgres';
  app: ServiceApp;
  /** The bus analytics consumes from: tests publish catalog and orders events on it. */
  bus: EventBus;
  database: Database;
  identity: TokenIssuer;
  /**
   * Another replica on the same database and cache (PostgreSQL only: in embedded mode there is one
   * process); it gets its own bus. The caller closes it.
   */
  replica(): Promise<Started>;
  close(): Promise<void>;
}

export interface Started {
  app: ServiceApp;
  close(): Promise<void>;
}

const serviceKeys = testServiceKeys();

/**
 * Starts analytics the way each mode does: on PGlite as the embedded runtime hosts it (shared PGlite,
 * in-process bus, memory cache); on PostgreSQL as its own process would (its own database, Redis when
 * this run has it), with the in-process bus so tests can feed it events deterministically.
 */
export async function startAnalytics(
  backend: DatabaseBackend,
  env: Record<string, string> = {},
): Promise<AnalyticsUnderTest> {
  const identity = await startTokenIssuer();
  const testDatabase = await backend.create('analytics');
  const bus = createInProcessBus({ logger: silentLogger() });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-analytics-'));
  const cachePrefix = `bodega:analytics-test-${uniqueSuffix()}:`;
  const fullEnv: Record<string, string> = {
    PORT: '0',
    LOG_LEVEL: 'silent',
    BODEGA_DATA_DIR: dataDir,
    IDENTITY_URL: identity.url,
    CONSUMER_MAX_ATTEMPTS: '2',
    CONSUMER_RETRY_BASE_MS: '10',
    ...env,
  };
  try {
    const started = testDatabase.pglite
      ? await startEmbedded(testDatabase, bus, fullEnv)
      : await startDistributed(testDatabase, bus, fullEnv, cachePrefix);
    return {
      backend: testDatabase.pglite ? 'pglite' : 'postgres',
      app: started.app,
      bus,
      database: testDatabase.database,
      identity,
      replica: async () => {
        if (testDatabase.pglite) throw new Error('replicas run on PostgreSQL only');
        const ownBus = createInProcessBus({ logger: silentLogger() });
        const replica = await startDistributed(testDatabase, ownBus, fullEnv, cachePrefix);
        return {
          app: replica.app,
          close: async () => {
            await replica.close();
            await ownBus.close();
          },
        };
      },
      close: async () => {
        await started.close();
        await bus.close();
        await testDatabase.cleanup();
        await identity.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await bus.close();
    await testDatabase.cleanup();
    await identity.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function startEmbedded(testDatabase: TestDatabase, bus: EventBus, env: Record<string, string>) {
  const sharedCache = new MemoryCache({ keyPrefix: 'bodega:auth:', maxEntries: Infinity });
  const service = await startService(analytics, {
    env,
    logger: silentLogger(),
    listen: false,
    embedded: { pglite: testDatabase.pglite!, bus, sharedCache },
  });
  return { app: service.app, close: service.close } satisfies Started;
}

/** The kit's runtime for a service on its own database, with a bus and a cache prefix of the test's. */
async function startDistributed(
  testDatabase: TestDatabase,
  bus: EventBus,
  env: Record<string, string>,
  cachePrefix: string,
): Promise<Started> {
  const { redis } = realBackends();
  const service = await startService(analytics, {
    env: {
      ...env,
      DATABASE_URL: testDatabase.url ?? '',
      ...serviceKeys.env('analytics'),
      ...(redis ? { REDIS_URL: redis } : {}),
    },
    logger: silentLogger(),
    listen: false,
    bus,
    cachePrefix: cachePrefix,
  });
  return { app: service.app, close: service.close };
}
