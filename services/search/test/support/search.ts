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
import { search } from '../../src/index.js';
import { startTokenIssuer, type TokenIssuer } from '@bodega/testing';

/** Search running on one backend, built but not listening: tests talk to it with `app.inject`. */
export interface SearchUnderTest {
  backend: 'pglite' | 'postgres';
  app: ServiceApp;
  /** The bus search consumes from: tests publish catalog and orders events on it. */
  bus: EventBus;
  database: Database;
  identity: TokenIssuer;
  close(): Promise<void>;
}

const serviceKeys = testServiceKeys();

/**
 * Starts search the way each mode does: on PGlite as the embedded runtime hosts it (shared PGlite,
 * in-process bus, memory cache); on PostgreSQL as its own process would (its own database, Redis when
 * this run has it), with the in-process bus so tests can feed it events deterministically.
 */
export async function startSearch(
  backend: DatabaseBackend,
  env: Record<string, string> = {},
): Promise<SearchUnderTest> {
  const identity = await startTokenIssuer();
  const testDatabase = await backend.create('search');
  const bus = createInProcessBus({ logger: silentLogger() });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-search-'));
  const fullEnv: Record<string, string> = {
    PORT: '0',
    LOG_LEVEL: 'silent',
    BODEGA_DATA_DIR: dataDir,
    IDENTITY_URL: identity.url,
    INDEXER_MAX_ATTEMPTS: '2',
    INDEXER_RETRY_BASE_MS: '10',
    ...env,
  };
  try {
    const started = testDatabase.pglite
      ? await startEmbedded(testDatabase, bus, fullEnv)
      : await startDistributed(testDatabase, bus, fullEnv);
    return {
      backend: testDatabase.pglite ? 'pglite' : 'postgres',
      app: started.app,
      bus,
      database: testDatabase.database,
      identity,
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

interface Started {
  app: ServiceApp;
  close(): Promise<void>;
}

async function startEmbedded(testDatabase: TestDatabase, bus: EventBus, env: Record<string, string>) {
  const sharedCache = new MemoryCache({ keyPrefix: 'bodega:auth:', maxEntries: Infinity });
  const service = await startService(search, {
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
): Promise<Started> {
  const { redis } = realBackends();
  const service = await startService(search, {
    env: {
      ...env,
      DATABASE_URL: testDatabase.url ?? '',
      ...serviceKeys.env('search'),
      ...(redis ? { REDIS_URL: redis } : {}),
    },
    logger: silentLogger(),
    listen: false,
    bus,
    cachePrefix: `bodega:search-test-${uniqueSuffix()}:`,
  });
  return { app: service.app, close: service.close };
}
