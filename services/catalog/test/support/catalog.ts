import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryCache } from '@bodega/cache';
import type { Database } from '@bodega/db';
import { createInProcessBus, createRabbitBus, type EventBus } from '@bodega/events';
import { startService, type RunningService, type ServiceApp } from '@bodega/kit';
import { silentLogger } from '@bodega/logging';
import {
  deleteRabbitTopology,
  realBackends,
  testServiceKeys,
  uniqueSuffix,
  type DatabaseBackend,
  type TestDatabase,
} from '@bodega/testing';
import { catalog } from '../../src/index.js';
import { startTokenIssuer, type TokenIssuer } from '@bodega/testing';

/** The consumer name tests subscribe with to watch catalog's events. */
export const SUBSCRIBER = 'catalog-component-test';

export interface StartOptions {
  env?: Record<string, string>;
}

/** Catalog running on one backend, built but not listening: tests talk to it with `app.inject`. */
export interface CatalogUnderTest {
  backend: 'pglite' | 'postgres';
  app: ServiceApp;
  service: RunningService;
  /** The service's own database, for looking behind the API (outbox rows). */
  database: Database;
  identity: TokenIssuer;
  /** A service token for `/internal/*`, signed by `caller`'s own key (orders by default). */
  serviceToken(caller?: 'orders' | 'gateway' | 'cli' | 'analytics' | 'search'): Promise<string>;
  /** The bus catalog publishes on, when the test can reach it (embedded, or RabbitMQ). */
  subscriberBus: () => Promise<EventBus | undefined>;
  close(): Promise<void>;
}

/**
 * Starts catalog the way each mode does: on PGlite as the embedded runtime hosts it (shared PGlite,
 * in-process bus, memory cache), on PostgreSQL as its own process would run (URL, Redis and RabbitMQ
 * when this run has them). Identity is a fake serving the JWKS tokens are checked against.
 */
export async function startCatalog(
  backend: DatabaseBackend,
  options: StartOptions = {},
): Promise<CatalogUnderTest> {
  const testDatabase = await backend.create('catalog');
  const identity = await startTokenIssuer();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-catalog-'));
  try {
    return await startOn(testDatabase, identity, dataDir, options);
  } catch (error) {
    await testDatabase.cleanup();
    await identity.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function startOn(
  testDatabase: TestDatabase,
  identity: TokenIssuer,
  dataDir: string,
  options: StartOptions,
): Promise<CatalogUnderTest> {
  const keys = testServiceKeys();
  const env: Record<string, string> = {
    ...keys.env('catalog'),
    PORT: '0',
    LOG_LEVEL: 'silent',
    BODEGA_DATA_DIR: dataDir,
    IDENTITY_URL: identity.url,
    DEMO_CATALOG_SIZE: '0',
    VIEW_FLUSH_INTERVAL_MS: '50',
    ...options.env,
  };
  const { redis, amqp } = realBackends();
  const exchange = `bodega.test.${uniqueSuffix()}`;
  let service: RunningService;
  let bus: EventBus | undefined;
  if (testDatabase.pglite) {
    const embeddedBus = createInProcessBus({ logger: silentLogger() });
    bus = embeddedBus;
    service = await startService(catalog, {
      env,
      logger: silentLogger(),
      listen: false,
      embedded: {
        pglite: testDatabase.pglite,
        bus: embeddedBus,
        sharedCache: new MemoryCache({ keyPrefix: 'bodega:auth:', maxEntries: Infinity }),
      },
    }).catch(async (error: unknown) => {
      await embeddedBus.close();
      throw error;
    });
  } else {
    service = await startService(catalog, {
      env: {
        ...env,
        DATABASE_URL: testDatabase.url ?? '',
        ...(redis ? { REDIS_URL: redis } : {}),
        ...(amqp ? { AMQP_URL: amqp, AMQP_EXCHANGE: exchange } : {}),
      },
      logger: silentLogger(),
      listen: false,
    });
  }
  let closed = false;
  return {
    backend: testDatabase.pglite ? 'pglite' : 'postgres',
    app: service.app,
    service,
    database: testDatabase.database,
    identity,
    serviceToken: (caller = 'orders') => keys.token(caller, 'catalog'),
    subscriberBus: async () => {
      if (bus || !amqp) return bus;
      bus = await createRabbitBus({ url: amqp, exchange, logger: silentLogger(), connectRetries: 2 });
      return bus;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await service.close();
      await bus?.close();
      if (amqp && !testDatabase.pglite) {
        await deleteRabbitTopology(amqp, {
          exchanges: [exchange],
          consumers: [{ exchange, consumer: SUBSCRIBER }],
        });
      }
      await testDatabase.cleanup();
      await identity.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
