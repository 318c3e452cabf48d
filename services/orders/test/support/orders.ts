import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServiceTokenSigner } from '@bodega/auth';
import { MemoryCache } from '@bodega/cache';
import { loadConfig } from '@bodega/config';
import { type Database } from '@bodega/db';
import { createInProcessBus, type EventBus } from '@bodega/events';
import { startService, type ServiceApp } from '@bodega/kit';
import { silentLogger } from '@bodega/logging';
import {
  realBackends,
  startTokenIssuer,
  testServiceKeys,
  uniqueSuffix,
  type DatabaseBackend,
  type TestDatabase,
  type TokenIssuer,
} from '@bodega/testing';
import { createClients, type Clients } from '../../src/clients/clients.js';
import { ordersDeps, type OrdersDeps } from '../../src/deps.js';
import { orders, ordersConfigSchema } from '../../src/index.js';
import { startFakeCatalog, type FakeCatalog } from './fake-catalog.js';
import { startFakePayments, type FakePayments } from './fake-payments.js';

/** Orders on one backend, built but not listening, with catalog and payments stood in by fakes. */
export interface OrdersUnderTest {
  backend: 'pglite' | 'postgres';
  app: ServiceApp;
  /** The bus orders consumes from and publishes on: tests publish payments events on it. */
  bus: EventBus;
  database: Database;
  identity: TokenIssuer;
  catalog: FakeCatalog;
  payments: FakePayments;
  /** Dependencies like the app's (same database and fakes), for calling use cases and recovery directly. */
  deps: OrdersDeps;
  /** A service token for orders' /internal routes, as the CLI would send. */
  serviceToken(caller?: string): Promise<string>;
  close(): Promise<void>;
}

/** Settings that keep tests quick: a short payments deadline, recovery only when a test runs it. */
const testEnv = {
  PORT: '0',
  LOG_LEVEL: 'silent',
  PAYMENTS_TIMEOUT_MS: '400',
  CATALOG_TIMEOUT_MS: '2000',
  RECOVERY_INTERVAL_MS: '86400000',
  DEMO_PROMOTIONS: 'false',
};

/**
 * Starts orders the way each mode does: on PGlite as the embedded runtime hosts it (shared PGlite,
 * in-process bus, memory cache); on PostgreSQL as its own process would (its own database, Redis
 * when this run has it), with an in-process bus so tests can feed it events deterministically.
 */
export async function startOrders(
  backend: DatabaseBackend,
  env: Record<string, string> = {},
): Promise<OrdersUnderTest> {
  const keys = testServiceKeys();
  const identity = await startTokenIssuer();
  const catalog = await startFakeCatalog(keys.publicKeys);
  const payments = await startFakePayments(keys.publicKeys);
  const testDatabase = await backend.create('orders');
  const bus = createInProcessBus({ logger: silentLogger() });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-orders-'));
  const fullEnv: Record<string, string> = {
    ...testEnv,
    ...keys.env('orders'),
    BODEGA_DATA_DIR: dataDir,
    IDENTITY_URL: identity.url,
    CATALOG_URL: catalog.url,
    PAYMENTS_URL: payments.url,
    ...env,
  };
  const config = loadConfig(ordersConfigSchema, { service: 'orders', env: fullEnv });
  const clients: Clients = createClients({
    catalogUrl: catalog.url,
    paymentsUrl: payments.url,
    catalogTimeoutMs: config.CATALOG_TIMEOUT_MS,
    paymentsTimeoutMs: config.PAYMENTS_TIMEOUT_MS,
    signer: createServiceTokenSigner(keys.privateKeys.orders ?? '', 'orders'),
    logger: silentLogger(),
  });
  const cleanup = async () => {
    await clients.close();
    await bus.close();
    await testDatabase.cleanup();
    await identity.close();
    await catalog.close();
    await payments.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
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
      catalog,
      payments,
      deps: ordersDeps({ config, database: testDatabase.database, clients, logger: silentLogger() }),
      serviceToken: (caller = 'cli') => keys.token(caller, 'orders'),
      close: async () => {
        await started.close();
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

interface Started {
  app: ServiceApp;
  close(): Promise<void>;
}

async function startEmbedded(
  testDatabase: TestDatabase,
  bus: EventBus,
  env: Record<string, string>,
): Promise<Started> {
  if (!testDatabase.pglite) throw new Error('embedded needs PGlite');
  const service = await startService(orders, {
    env,
    logger: silentLogger(),
    listen: false,
    embedded: {
      pglite: testDatabase.pglite,
      bus,
      sharedCache: new MemoryCache({ keyPrefix: 'bodega:auth:', maxEntries: Infinity }),
    },
  });
  return { app: service.app, close: service.close };
}

/** The kit's runtime for a service on its own database, with a bus and a cache prefix of the test's. */
async function startDistributed(
  testDatabase: TestDatabase,
  bus: EventBus,
  env: Record<string, string>,
): Promise<Started> {
  const { redis } = realBackends();
  const service = await startService(orders, {
    env: {
      ...env,
      DATABASE_URL: testDatabase.url ?? '',
      ...(redis ? { REDIS_URL: redis } : {}),
    },
    logger: silentLogger(),
    listen: false,
    bus,
    cachePrefix: `bodega:orders-test-${uniqueSuffix()}:`,
  });
  return { app: service.app, close: service.close };
}
