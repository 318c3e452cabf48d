import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { MemoryCache } from '@bodega/cache';
import type { AnyEnvelope } from '@bodega/contracts';
import type { Database } from '@bodega/db';
import { createInProcessBus } from '@bodega/events';
import { startService, type RunningService, type ServiceApp } from '@bodega/kit';
import { silentLogger } from '@bodega/logging';
import {
  deleteRabbitTopology,
  realBackends,
  startTokenIssuer,
  testServiceKeys,
  uniqueSuffix,
  type DatabaseBackend,
  type TestDatabase,
  type TokenIssuer,
} from '@bodega/testing';
import { buildPaymentsApp, payments } from '../../src/index.js';
import { timerDelay, type Delay } from '../../src/provider/simulated-provider.js';
import { call } from './api.js';

/** The slow card's stall in tests: long enough that only a released gate (or a shutdown) ends it. */
export const SLOW_MS = 600_000;

/**
 * The provider's waits, under the test's control: the slow card's stall (SLOW_MS) holds until
 * `release()`; every other wait is a real timer. Tests poll `waiting()` instead of sleeping.
 */
export interface Gate {
  delay: Delay;
  waiting(): number;
  release(): void;
}

export function gate(): Gate {
  const waiters: (() => void)[] = [];
  return {
    delay: (ms, signal) => {
      if (ms !== SLOW_MS) return timerDelay(ms, signal);
      return new Promise<void>((resolve, reject) => {
        waiters.push(resolve);
        signal.addEventListener(
          'abort',
          () => {
            reject(new Error('aborted'));
          },
          { once: true },
        );
      });
    },
    waiting: () => waiters.length,
    release: () => {
      for (const resolve of waiters.splice(0)) resolve();
    },
  };
}

/** Payments on one backend, built but not listening: tests talk to it with `app.inject`. */
export interface PaymentsUnderTest {
  backend: 'pglite' | 'postgres';
  app: ServiceApp;
  service: RunningService;
  /** The service's own database, for looking behind the API (rows, outbox). */
  database: Database;
  identity: TokenIssuer;
  gate: Gate;
  /** A call to `/internal/*` with a valid service token of `caller` (orders, payments' one caller, by default). */
  internal(
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    caller?: string,
  ): Promise<LightMyRequestResponse>;
  /** The events of one order's payment in the outbox, oldest first. */
  eventsOf(orderId: string): Promise<AnyEnvelope[]>;
  close(): Promise<void>;
}

/**
 * Starts payments the way each mode does: on PGlite as the embedded runtime hosts it (shared PGlite,
 * in-process bus), on PostgreSQL as its own process would run (URL, Redis when this run has it).
 * Identity is a fake serving the JWKS that the tests' access tokens are checked against.
 */
export async function startPayments(
  backend: DatabaseBackend,
  env: Record<string, string> = {},
): Promise<PaymentsUnderTest> {
  const testDatabase = await backend.create('payments');
  const identity = await startTokenIssuer();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-payments-'));
  try {
    return await startOn(testDatabase, identity, dataDir, env);
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
  extraEnv: Record<string, string>,
): Promise<PaymentsUnderTest> {
  const keys = testServiceKeys();
  const providerGate = gate();
  const definition = {
    ...payments,
    build: (ctx: Parameters<typeof payments.build>[0]) =>
      buildPaymentsApp(ctx, { providerDelay: providerGate.delay }),
  };
  const env: Record<string, string> = {
    ...keys.env('payments'),
    PORT: '0',
    LOG_LEVEL: 'silent',
    BODEGA_DATA_DIR: dataDir,
    IDENTITY_URL: identity.url,
    PROVIDER_SLOW_MS: String(SLOW_MS),
    ...extraEnv,
  };
  const bus = createInProcessBus({ logger: silentLogger() });
  const { redis, amqp } = realBackends();
  const exchange = `bodega.test.${uniqueSuffix()}`;
  let service: RunningService;
  try {
    if (testDatabase.pglite) {
      service = await startService(definition, {
        env,
        logger: silentLogger(),
        listen: false,
        embedded: {
          pglite: testDatabase.pglite,
          bus,
          sharedCache: new MemoryCache({ keyPrefix: 'bodega:auth:', maxEntries: Infinity }),
        },
      });
    } else {
      service = await startService(definition, {
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
  } catch (error) {
    await bus.close();
    throw error;
  }
  let closed = false;
  return {
    backend: testDatabase.pglite ? 'pglite' : 'postgres',
    app: service.app,
    service,
    database: testDatabase.database,
    identity,
    gate: providerGate,
    internal: async (method, url, body, caller = 'orders') =>
      call(service.app, {
        method,
        url,
        body,
        headers: { 'x-service-token': await keys.token(caller, 'payments') },
      }),
    eventsOf: async (orderId) => {
      const rows = await testDatabase.database.query<{ envelope: AnyEnvelope }>(
        `select envelope from payments.outbox where envelope->'data'->>'order_id' = $1 order by created_at, id`,
        [orderId],
      );
      return rows.map((row) => row.envelope);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await service.close();
      await bus.close();
      if (amqp && !testDatabase.pglite) await deleteRabbitTopology(amqp, { exchanges: [exchange] });
      await testDatabase.cleanup();
      await identity.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh id, for orders and refunds that do not exist yet. */
export const freshId = () => randomUUID();
