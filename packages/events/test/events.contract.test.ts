/**
 * The events contract, run against every combination of database and bus this run has: the outbox
 * relay, delivery, idempotent consumers and dead letters behave the same on PGlite and PostgreSQL, in
 * process and on RabbitMQ.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnyEnvelope, EventType } from '@bodega/contracts';
import { newId, type Database } from '@bodega/db';
import { silentLogger } from '@bodega/logging';
import { databaseBackends, type TestDatabase } from '@bodega/testing';
import {
  idempotent,
  startRelay,
  writeEvent,
  type EventBus,
  type Relay,
  type RelayOptions,
  type Subscription,
} from '../src/index.js';
import { busBackends } from './support/buses.js';
import { evtestDatabase } from './support/database.js';
import { userRegistered } from './support/events.js';
import { effects, inbox, outbox } from './fixtures/schema.js';

const logger = silentLogger();
const eventually = { timeout: 15_000, interval: 20 };
const type: EventType = 'identity.user.registered';

const combinations = databaseBackends().flatMap((db) =>
  busBackends().map((bus) => ({ db, bus, name: `${db.name} × ${bus.name}` })),
);

describe.each(combinations)('events on $name', ({ db, bus: busBackend }) => {
  let test: TestDatabase;
  let database: Database;
  let bus: EventBus;
  let relays: Relay[] = [];
  const consumers: string[] = [];

  beforeAll(async () => {
    test = await evtestDatabase(db);
    database = test.database;
  });

  afterAll(async () => {
    await busBackend.cleanup(consumers);
    await test.cleanup();
  });

  beforeEach(async () => {
    for (const table of ['outbox', 'inbox', 'effects']) await database.query(`delete from evtest.${table}`);
    bus = await busBackend.create(logger);
  });

  afterEach(async () => {
    for (const relay of relays) await relay.stop();
    relays = [];
    await bus.close();
  });

  /** A consumer name unique to this run, remembered for cleanup. */
  const consumer = (role: string) => {
    const name = `${role}-${consumers.length}`;
    consumers.push(name);
    return name;
  };

  const relay = async (options: Partial<RelayOptions> = {}) => {
    const started = await startRelay({ database, outbox, bus, logger, pollIntervalMs: 60_000, ...options });
    relays.push(started);
    return started;
  };

  const write = (data = userRegistered()) =>
    database.db.transaction((tx) => writeEvent(tx, outbox, { type, data, source: 'identity' }));

  const effectCount = async (name: string) => {
    const [row] = await database.db.select({ n: count() }).from(effects).where(eq(effects.consumer, name));
    return row?.n ?? 0;
  };

  /** Subscribes `name` with an idempotent handler that records one effect row per event. */
  const subscribeEffects = async (
    name: string,
    extra: Partial<Subscription> & { fail?: () => boolean } = {},
  ) => {
    const deliveries: string[] = [];
    const { fail, ...subscription } = extra;
    const handler = idempotent({ database, inbox, consumer: name }, async (envelope: AnyEnvelope, tx) => {
      await tx.insert(effects).values({ id: newId(), consumer: name, eventId: envelope.id });
      if (fail?.()) throw new Error('the search index is unavailable');
    });
    await bus.subscribe({
      consumer: name,
      types: [type],
      handler: async (envelope) => {
        try {
          await handler(envelope);
        } finally {
          deliveries.push(envelope.id);
        }
      },
      ...subscription,
    });
    return deliveries;
  };

  it('delivers an event committed while no relay ran, once a new relay starts (as after a restart)', async () => {
    const name = consumer('restart');
    const deliveries = await subscribeEffects(name);
    const before = await relay();
    await before.stop();

    const envelope = await write();
    expect(await before.backlog()).toMatchObject({ count: 1 });
    expect(deliveries).toEqual([]);

    const after = await relay();
    await expect.poll(() => deliveries, eventually).toEqual([envelope.id]);
    await expect.poll(() => after.backlog(), eventually).toEqual({ count: 0, oldest_age_seconds: 0 });
    expect(await effectCount(name)).toBe(1);
  });

  it('publishes nothing for a rolled-back transaction', async () => {
    const name = consumer('rollback');
    const deliveries = await subscribeEffects(name);
    await expect(
      database.db.transaction(async (tx) => {
        await writeEvent(tx, outbox, { type, data: userRegistered(), source: 'identity' });
        throw new Error('the use case failed after writing its event');
      }),
    ).rejects.toThrow('the use case failed');
    const committed = await write();

    const started = await relay();
    await expect.poll(() => deliveries, eventually).toEqual([committed.id]);
    expect(await started.flush()).toBe(0);
    const rows = await database.db.select({ id: outbox.id }).from(outbox);
    expect(rows.map((row) => row.id)).toEqual([committed.id]);
  });

  it('has one effect when an event is delivered twice', async () => {
    const name = consumer('twice');
    const deliveries = await subscribeEffects(name);
    const envelope = await write();
    const started = await relay();
    expect(await started.flush()).toBeLessThanOrEqual(1);
    await expect.poll(() => deliveries, eventually).toEqual([envelope.id]);

    // A crash between publishing and marking the row published makes the relay publish it again.
    await bus.publish(envelope);
    await bus.publish(envelope);
    await expect.poll(() => deliveries, eventually).toEqual([envelope.id, envelope.id, envelope.id]);
    expect(await effectCount(name)).toBe(1);
  });

  it('dead-letters an event whose handler keeps failing, and replays it to one effect once fixed', async () => {
    const name = consumer('failing');
    const bystander = consumer('bystander');
    let broken = true;
    const deliveries = await subscribeEffects(name, {
      maxAttempts: 3,
      backoffMs: () => 10,
      fail: () => broken,
    });
    const bystanderDeliveries = await subscribeEffects(bystander);
    const envelope = await write();
    await relay();

    await expect.poll(() => bus.deadLetters(name), eventually).toHaveLength(1);
    const [letter] = await bus.deadLetters(name);
    expect(letter).toMatchObject({
      id: envelope.id,
      type,
      envelope,
      error: 'the search index is unavailable',
      attempts: 3,
    });
    expect(new Date(letter!.failed_at).getTime()).not.toBeNaN();
    expect(deliveries).toHaveLength(3);
    expect(await effectCount(name)).toBe(0);
    // Browsing leaves the dead letter where it is.
    expect(await bus.deadLetters(name)).toHaveLength(1);

    await expect.poll(() => bystanderDeliveries, eventually).toEqual([envelope.id]);

    broken = false;
    expect(await bus.replay(name)).toBe(1);
    await expect.poll(() => effectCount(name), eventually).toBe(1);
    expect(await bus.deadLetters(name)).toEqual([]);
    // The replay went to the failing consumer only.
    expect(bystanderDeliveries).toEqual([envelope.id]);
    expect(await effectCount(bystander)).toBe(1);
  });

  it('replays only the dead letters asked for', async () => {
    const name = consumer('picky');
    let broken = true;
    await subscribeEffects(name, { maxAttempts: 1, fail: () => broken });
    const first = await write();
    const second = await write();
    await relay();
    await expect
      .poll(async () => (await bus.deadLetters(name)).map((letter) => letter.id).sort(), eventually)
      .toEqual([first.id, second.id].sort());

    broken = false;
    expect(await bus.replay(name, [second.id])).toBe(1);
    await expect.poll(() => effectCount(name), eventually).toBe(1);
    expect((await bus.deadLetters(name)).map((letter) => letter.id)).toEqual([first.id]);
    expect(await bus.replay(name, ['0190a6f4-7c1e-7b3a-9c2d-000000000000'])).toBe(0);
  });

  it('sends an envelope that breaks its contract straight to the dead-letter queue', async () => {
    const name = consumer('strict');
    const deliveries = await subscribeEffects(name);
    // A producer on an older contract (or a bug around writeEvent) left an invalid row in the outbox.
    const invalidId = newId();
    await database.db.insert(outbox).values({
      id: invalidId,
      type,
      envelope: {
        id: invalidId,
        type,
        version: 1,
        occurred_at: new Date().toISOString(),
        source: 'identity',
        data: { ...userRegistered(), email: 'not an email' },
      },
    });
    const valid = await write();
    await relay();

    await expect.poll(() => bus.deadLetters(name), eventually).toHaveLength(1);
    const [letter] = await bus.deadLetters(name);
    expect(letter).toMatchObject({ id: invalidId, type, attempts: 0 });
    expect(letter!.error).toMatch(/^contract: \/data\/email: /);
    await expect.poll(() => deliveries, eventually).toEqual([valid.id]);
  });

  it('wakes the relay on commit without waiting for the poll interval', async () => {
    const name = consumer('notified');
    const deliveries = await subscribeEffects(name);
    await relay({ pollIntervalMs: 600_000 });
    const first = await write();
    await expect.poll(() => deliveries, eventually).toEqual([first.id]);

    // The relay is now idle until its (ten-minute) poll: only the NOTIFY sent on commit can wake it.
    const second = await write();
    await expect.poll(() => deliveries, { timeout: 10_000, interval: 20 }).toEqual([first.id, second.id]);
  });

  it('never publishes a row twice when relays of several replicas run at once', async () => {
    const name = consumer('replicas');
    const deliveries = await subscribeEffects(name);
    const published: string[] = [];
    const counting: EventBus = {
      ...bus,
      publish: async (envelope) => {
        await bus.publish(envelope);
        published.push(envelope.id);
      },
    };
    const written = [];
    for (let index = 0; index < 30; index += 1) written.push((await write()).id);

    const replicas = await Promise.all(
      [1, 2, 3].map(() =>
        startRelay({ database, outbox, bus: counting, logger, pollIntervalMs: 600_000, batchSize: 4 }),
      ),
    );
    relays.push(...replicas);
    await Promise.all(replicas.map((replica) => replica.flush()));

    await expect.poll(() => published.length, eventually).toBe(30);
    expect(new Set(published).size).toBe(30);
    await expect.poll(() => new Set(deliveries).size, eventually).toBe(30);
    expect(deliveries.sort()).toEqual(written.sort());
  });
});
