import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { exportPKCS8, generateKeyPair } from 'jose';
import { importSigningKeyFromPem, loadOrCreateSigningKey, type SigningKey } from '@bodega/auth';
import { MemoryCache } from '@bodega/cache';
import type { Database } from '@bodega/db';
import { createInProcessBus, createRabbitBus, type EventBus } from '@bodega/events';
import { startService, type RunningService, type ServiceApp } from '@bodega/kit';
import { createLogger, silentLogger, type Logger } from '@bodega/logging';
import {
  deleteRabbitTopology,
  realBackends,
  testServiceKeys,
  uniqueSuffix,
  type DatabaseBackend,
  type TestDatabase,
} from '@bodega/testing';
import { identity } from '../../src/index.js';
import { embeddedKeyFile } from '../../src/keys/signing-keys.js';

/** The consumer name tests subscribe with to watch identity's events. */
export const SUBSCRIBER = 'identity-component-test';

/** Cheap argon2 costs: the component tests exercise behaviour, not the hash's strength. */
export const fastArgon2 = { ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1' };

export interface StartOptions {
  env?: Record<string, string>;
  /** Reuse a database (restart the service on it) instead of creating one. */
  database?: TestDatabase;
  /** Keep the embedded data directory of an earlier start (its signing key). */
  dataDir?: string;
  /** Collect log lines (warn and above) instead of discarding them. */
  captureLogs?: boolean;
}

/** Identity running on one backend, built but not listening: tests talk to it with `app.inject`. */
export interface IdentityUnderTest {
  backend: 'pglite' | 'postgres';
  app: ServiceApp;
  service: RunningService;
  /** The service's own database, for looking behind the API (outbox, token rows). */
  database: Database;
  testDatabase: TestDatabase;
  /** The key identity signs with, to craft expired or odd tokens. */
  signingKey: SigningKey;
  /** The bus identity publishes on, when the test can reach it (embedded, or RabbitMQ). */
  subscriberBus: () => Promise<EventBus | undefined>;
  dataDir: string;
  /** The PEM it was given, if any (distributed mode always has one), for restarting with the same key. */
  privateKeyPem: string | undefined;
  logs: Record<string, unknown>[];
  /** Stops the service; the database stays, for a restart. */
  stop(): Promise<void>;
  /** Stops the service and drops the database. */
  close(): Promise<void>;
}

const serviceKeys = testServiceKeys();

/**
 * Starts identity the way each mode does: on PGlite as the embedded runtime hosts it (shared PGlite,
 * in-process bus, generated key), on PostgreSQL as its own process would run (URL, PEM key, Redis and
 * RabbitMQ when this run has them).
 */
export async function startIdentity(
  backend: DatabaseBackend,
  options: StartOptions = {},
): Promise<IdentityUnderTest> {
  const testDatabase = options.database ?? (await backend.create('identity'));
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-identity-'));
  try {
    return await startOn(testDatabase, dataDir, options);
  } catch (error) {
    if (!options.database) await testDatabase.cleanup();
    if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function startOn(
  testDatabase: TestDatabase,
  dataDir: string,
  options: StartOptions,
): Promise<IdentityUnderTest> {
  const logs: Record<string, unknown>[] = [];
  const logger = options.captureLogs ? collectingLogger(logs) : silentLogger();
  const env: Record<string, string> = {
    PORT: '0',
    LOG_LEVEL: 'silent',
    BODEGA_DATA_DIR: dataDir,
    ...fastArgon2,
    ...options.env,
  };
  const { redis, amqp } = realBackends();
  // Each run on the shared RabbitMQ gets its own exchange (and so its own queues), deleted at the end.
  const exchange = `bodega.test.${uniqueSuffix()}`;

  let service: RunningService;
  let privateKeyPem = env.JWT_PRIVATE_KEY;
  let bus: EventBus | undefined;
  if (testDatabase.pglite) {
    // As the embedded runtime hosts it: shared PGlite, in-process bus, a key generated in the data dir.
    const embeddedBus = createInProcessBus({ logger: silentLogger() });
    bus = embeddedBus;
    const sharedCache = new MemoryCache({ keyPrefix: 'bodega:auth:', maxEntries: Infinity });
    service = await startService(identity, {
      env,
      logger,
      listen: false,
      embedded: { pglite: testDatabase.pglite, bus: embeddedBus, sharedCache },
    }).catch(async (error: unknown) => {
      await embeddedBus.close();
      throw error;
    });
  } else {
    // As its own process runs it: database URL, a PEM key, Redis and RabbitMQ when the run has them.
    privateKeyPem ??= await newPrivateKeyPem();
    service = await startService(identity, {
      env: {
        ...env,
        DATABASE_URL: testDatabase.url ?? '',
        JWT_PRIVATE_KEY: privateKeyPem,
        ...serviceKeys.env('identity'),
        ...(redis ? { REDIS_URL: redis } : {}),
        ...(amqp ? { AMQP_URL: amqp, AMQP_EXCHANGE: exchange } : {}),
      },
      logger,
      listen: false,
    });
  }
  const signingKey = privateKeyPem
    ? await importSigningKeyFromPem(privateKeyPem)
    : await loadOrCreateSigningKey(embeddedKeyFile(dataDir));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await service.close();
    await bus?.close();
    if (amqp && !testDatabase.pglite) {
      await deleteRabbitTopology(amqp, {
        exchanges: [exchange],
        consumers: [{ exchange, consumer: SUBSCRIBER }],
      });
    }
  };
  return {
    backend: testDatabase.pglite ? 'pglite' : 'postgres',
    app: service.app,
    service,
    database: testDatabase.database,
    testDatabase,
    signingKey,
    subscriberBus: async () => {
      if (bus || !amqp) return bus;
      bus = await createRabbitBus({ url: amqp, exchange, logger: silentLogger(), connectRetries: 2 });
      return bus;
    },
    dataDir,
    privateKeyPem,
    logs,
    stop,
    close: async () => {
      await stop();
      await testDatabase.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A logger whose JSON lines land in `lines`, to assert on what identity logged. */
function collectingLogger(lines: Record<string, unknown>[]): Logger {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return createLogger({ service: 'identity', level: 'info', destination });
}

/** A fresh Ed25519 key as distributed mode is given it: PKCS#8 PEM. */
export async function newPrivateKeyPem(): Promise<string> {
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  return exportPKCS8(privateKey);
}
