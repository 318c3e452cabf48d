import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@bodega/contracts';
import { pgliteDatabase, type Database } from '@bodega/db';
import { silentLogger } from '@bodega/logging';
import { databaseBackends, type TestDatabase } from '@bodega/testing';
import { evtestDatabase } from '../test/support/database.js';
import { userRegistered } from '../test/support/events.js';
import { outbox } from '../test/fixtures/schema.js';
import type { EventBus } from './bus.js';
import { writeEvent } from './outbox.js';
import { startRelay, type Relay, type RelayOptions } from './relay.js';

const logger = silentLogger();
const eventually = { timeout: 5_000, interval: 10 };

/** A bus that records what it publishes and fails while `failing` says so. */
function flakyBus() {
  const published: string[] = [];
  const state = { failing: (_envelope: EventEnvelope) => false, attempts: 0 };
  const bus: EventBus = {
    publish(envelope) {
      state.attempts += 1;
      if (state.failing(envelope)) return Promise.reject(new Error('broker unreachable'));
      published.push(envelope.id);
      return Promise.resolve();
    },
    subscribe: () => Promise.resolve(),
    deadLetters: () => Promise.resolve([]),
    replay: () => Promise.resolve(0),
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return { bus, published, state };
}

describe('the outbox relay', () => {
  let test: TestDatabase;
  let database: Database;
  let relays: Relay[] = [];
  beforeAll(async () => {
    test = await evtestDatabase(databaseBackends()[0]!);
    database = test.database;
  });
  afterAll(async () => {
    await test.cleanup();
  });
  beforeEach(async () => {
    await database.query('delete from evtest.outbox');
  });
  afterEach(async () => {
    for (const relay of relays) await relay.stop();
    relays = [];
  });

  const start = async (bus: EventBus, options: Partial<RelayOptions> = {}) => {
    const relay = await startRelay({
      database,
      outbox,
      bus,
      logger,
      pollIntervalMs: 600_000,
      backoffMs: () => 5,
      ...options,
    });
    relays.push(relay);
    return relay;
  };
  const write = () =>
    writeEvent(database.db, outbox, {
      type: 'identity.user.registered',
      data: userRegistered(),
      source: 'identity',
    });
  const row = async (id: string) => (await database.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;

  it('records a failed publish on the row, backs off, and publishes it once when the broker is back', async () => {
    const { bus, published, state } = flakyBus();
    state.failing = () => true;
    const envelope = await write();
    await start(bus);
    await expect.poll(async () => (await row(envelope.id)).attempts, eventually).toBeGreaterThanOrEqual(2);
    const failed = await row(envelope.id);
    expect(failed).toMatchObject({ publishedAt: null, lastError: 'broker unreachable' });

    state.failing = () => false;
    await expect.poll(() => published, eventually).toEqual([envelope.id]);
    const done = await row(envelope.id);
    expect(done.publishedAt).toBeInstanceOf(Date);
    expect(done.attempts).toBeGreaterThan(failed.attempts);
    expect(published).toEqual([envelope.id]);
  });

  it('does not let one row that keeps failing hold back the rows behind it', async () => {
    const { bus, published, state } = flakyBus();
    const poisoned = await write();
    const healthy = await write();
    state.failing = (envelope) => envelope.id === poisoned.id;
    await start(bus, { backoffMs: () => 50, pollIntervalMs: 20 });
    await expect.poll(() => published, eventually).toEqual([healthy.id]);
    expect(await row(poisoned.id)).toMatchObject({ publishedAt: null, lastError: 'broker unreachable' });
  });

  it('flushes everything pending in batches, waiting rows included, and reports the count', async () => {
    const { bus, published } = flakyBus();
    const relay = await start(bus, { batchSize: 2 });
    await relay.stop();
    const written = [];
    for (let index = 0; index < 5; index += 1) written.push((await write()).id);
    await database.query(`update evtest.outbox set next_attempt_at = now() + interval '1 hour'`);
    expect(await relay.flush()).toBe(5);
    expect(published).toEqual(written);
    expect(await relay.flush()).toBe(0);
  });

  it('fails a flush when a publish fails, after recording it', async () => {
    const { bus, state } = flakyBus();
    state.failing = () => true;
    const relay = await start(bus);
    await relay.stop();
    const envelope = await write();
    await expect(relay.flush()).rejects.toThrow('broker unreachable');
    expect((await row(envelope.id)).attempts).toBe(1);
  });

  it('reports its backlog: how many rows wait and how old the oldest is', async () => {
    const { bus } = flakyBus();
    const relay = await start(bus);
    await relay.stop();
    expect(await relay.backlog()).toEqual({ count: 0, oldest_age_seconds: 0 });
    await write();
    await write();
    await database.query(`update evtest.outbox set created_at = now() - interval '90 seconds'`);
    const backlog = await relay.backlog();
    expect(backlog.count).toBe(2);
    expect(backlog.oldest_age_seconds).toBeGreaterThanOrEqual(90);
    await relay.stop();
  });

  it('finds the outbox in the service schema when not given the table', async () => {
    const { bus, published } = flakyBus();
    const envelope = await write();
    const relay = await startRelay({
      database: pgliteDatabase(test.pglite!, 'evtest'),
      bus,
      logger,
      pollIntervalMs: 600_000,
    });
    relays.push(relay);
    await expect.poll(() => published, eventually).toEqual([envelope.id]);
  });

  it('keeps polling when the database fails, and recovers', async () => {
    const { bus, published } = flakyBus();
    let broken = true;
    const failing: Database = {
      ...database,
      db: new Proxy(database.db, {
        get(target, property, receiver) {
          if (property === 'transaction' && broken)
            return () => Promise.reject(new Error('connection terminated'));
          return Reflect.get(target, property, receiver) as unknown;
        },
      }),
    };
    const envelope = await write();
    await start(bus, { database: failing, pollIntervalMs: 10 });
    await expect.poll(() => published, eventually).toEqual([]);
    broken = false;
    await expect.poll(() => published, eventually).toEqual([envelope.id]);
  });
});
