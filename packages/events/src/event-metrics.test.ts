/**
 * The event pipeline as an operator sees it on /metrics: what a consumer handled, retried and
 * dead-lettered, its queue depths read from the bus itself, and the outbox backlog read from the
 * database, on every bus and database this run has.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnyEnvelope } from '@bodega/contracts';
import { newId, type Database } from '@bodega/db';
import { silentLogger } from '@bodega/logging';
import { databaseBackends, type TestDatabase } from '@bodega/testing';
import { Registry } from 'prom-client';
import { busBackends } from '../test/support/buses.js';
import { evtestDatabase } from '../test/support/database.js';
import { userRegistered } from '../test/support/events.js';
import { outbox } from '../test/fixtures/schema.js';
import type { EventBus } from './bus.js';
import { consumerMetrics, relayMetrics } from './event-metrics.js';
import { writeEvent } from './outbox.js';
import { startRelay, type Relay } from './relay.js';

const logger = silentLogger();
const eventually = { timeout: 15_000, interval: 20 };
const type = 'identity.user.registered';

/** The value of one series in `registry`'s exposition, the sum of the lines matching every label. */
async function seriesValue(registry: Registry, name: string, labels: Record<string, string> = {}) {
  const text = await registry.metrics();
  let total: number | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) continue;
    total = (total ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

function registered(occurredAt = new Date()): AnyEnvelope {
  return {
    id: newId(),
    type,
    version: 1,
    occurred_at: occurredAt.toISOString(),
    source: 'identity',
    data: userRegistered(),
  };
}

describe.each(busBackends())('consumer metrics on the $name bus', (backend) => {
  const consumers: string[] = [];
  let bus: EventBus;

  beforeAll(async () => {
    bus = await backend.create(logger);
  });
  afterAll(async () => {
    await bus.close();
    await backend.cleanup(consumers);
  });

  const consumer = (role: string) => {
    const name = `metrics-${role}-${consumers.length}`;
    consumers.push(name);
    return name;
  };

  it('counts handled, retried and dead-lettered deliveries, with processing time and lag', async () => {
    const name = consumer('flaky');
    const registry = new Registry();
    const failing = new Set<string>();
    await bus.subscribe({
      consumer: name,
      types: [type],
      maxAttempts: 2,
      backoffMs: () => 10,
      metrics: registry,
      handler: (envelope) =>
        failing.has(envelope.id) ? Promise.reject(new Error('index down')) : Promise.resolve(),
    });

    const good = registered(new Date(Date.now() - 5_000));
    const bad = registered();
    failing.add(bad.id);
    await bus.publish(good);
    await bus.publish(bad);

    const handled = { consumer: name, type, outcome: 'handled' };
    await expect
      .poll(() => seriesValue(registry, 'events_consumer_handle_duration_seconds_count', handled), eventually)
      .toBe(1);
    await expect
      .poll(
        () =>
          seriesValue(registry, 'events_consumer_dead_letters_total', { consumer: name, reason: 'handler' }),
        eventually,
      )
      .toBe(1);
    expect(await seriesValue(registry, 'events_consumer_retries_total', { consumer: name, type })).toBe(1);
    expect(
      await seriesValue(registry, 'events_consumer_handle_duration_seconds_count', {
        consumer: name,
        outcome: 'retry',
      }),
    ).toBe(1);
    // The good event happened five seconds before it was handled.
    expect(
      await seriesValue(registry, 'events_consumer_lag_seconds_sum', { consumer: name }),
    ).toBeGreaterThanOrEqual(5);
    expect(
      await seriesValue(registry, 'events_consumer_lag_seconds_bucket', { consumer: name, le: '1' }),
    ).toBe(0);

    await expect
      .poll(
        () => seriesValue(registry, 'events_consumer_queue_messages', { consumer: name, queue: 'dead' }),
        eventually,
      )
      .toBe(1);
    expect(
      await seriesValue(registry, 'events_consumer_queue_messages', { consumer: name, queue: 'ready' }),
    ).toBe(0);

    // Replayed and handled this time: the dead-letter queue is empty again.
    failing.clear();
    expect(await bus.replay(name)).toBe(1);
    await expect
      .poll(
        () => seriesValue(registry, 'events_consumer_queue_messages', { consumer: name, queue: 'dead' }),
        eventually,
      )
      .toBe(0);
  });

  it('dead-letters a broken envelope under its contract reason, with a bounded type label', async () => {
    const name = consumer('strict');
    const registry = new Registry();
    await bus.subscribe({
      consumer: name,
      types: ['#'],
      metrics: registry,
      handler: () => Promise.resolve(),
    });
    // A type nobody declared must not become a label value: any string could arrive on the wire.
    await bus.publish({ ...registered(), type: 'made.up.type' });

    await expect
      .poll(
        () =>
          seriesValue(registry, 'events_consumer_dead_letters_total', {
            consumer: name,
            reason: 'contract',
            type: 'unknown',
          }),
        eventually,
      )
      .toBe(1);
    expect(await registry.metrics()).not.toContain('made.up.type');
  });

  it('starts every consumer with its retry and dead-letter series at zero', async () => {
    const name = consumer('quiet');
    const registry = new Registry();
    await bus.subscribe({
      consumer: name,
      types: [type],
      metrics: registry,
      handler: () => Promise.resolve(),
    });
    expect(await seriesValue(registry, 'events_consumer_retries_total', { consumer: name })).toBe(0);
    expect(await seriesValue(registry, 'events_consumer_dead_letters_total', { consumer: name })).toBe(0);
    expect(await seriesValue(registry, 'events_consumer_queue_messages', { consumer: name })).toBe(0);
    // A service that only consumes has no outbox: no outbox series pretending an empty one.
    expect(await registry.metrics()).not.toContain('events_outbox_');
  });
});

describe('a consumer whose queues cannot be read', () => {
  it('shows NaN depths and still answers the scrape', async () => {
    const registry = new Registry();
    consumerMetrics(registry, 'search', () => Promise.reject(new Error('broker unreachable')));
    for (const queue of ['ready', 'retry', 'dead'])
      expect(await seriesValue(registry, 'events_consumer_queue_messages', { queue })).toBeNaN();
  });

  it('is no longer read once detached (its bus closed)', async () => {
    const registry = new Registry();
    const metrics = consumerMetrics(registry, 'search', () =>
      Promise.resolve({ ready: 1, retry: 2, dead: 3 }),
    );
    expect(await seriesValue(registry, 'events_consumer_queue_messages', { queue: 'dead' })).toBe(3);
    metrics.detach();
    expect(await seriesValue(registry, 'events_consumer_queue_messages')).toBeUndefined();
  });
});

describe.each(databaseBackends())('outbox metrics on $name', (backend) => {
  let test: TestDatabase;
  let database: Database;
  let relays: Relay[] = [];

  beforeAll(async () => {
    test = await evtestDatabase(backend);
    database = test.database;
  });
  afterAll(async () => {
    await test.cleanup();
  });
  afterEach(async () => {
    for (const relay of relays) await relay.stop();
    relays = [];
    await database.query('delete from evtest.outbox');
  });

  /** A bus that takes everything, or refuses everything while `down`. */
  const broker = { down: false };
  const bus = {
    publish: () => (broker.down ? Promise.reject(new Error('broker unreachable')) : Promise.resolve()),
  } as unknown as EventBus;

  it('reads the backlog and the oldest unsent age on scrape, and counts publishes and failures', async () => {
    const registry = new Registry();
    broker.down = true;
    const relay = await startRelay({
      database,
      outbox,
      bus,
      logger,
      metrics: registry,
      pollIntervalMs: 600_000,
      backoffMs: () => 600_000,
    });
    relays.push(relay);
    // Written a minute and a half ago, as if the broker had been down since.
    await database.db.transaction(async (tx) => {
      await writeEvent(tx, outbox, {
        type,
        data: userRegistered(),
        source: 'identity',
      });
    });
    await database.query(`update evtest.outbox set created_at = now() - interval '90 seconds'`);

    // A pass of its own: waiting for the one the write's notification wakes would hang for the poll
    // interval whenever that notification is missed (a LISTEN connection that was slow to come up).
    await expect(relay.flush()).rejects.toThrow('broker unreachable');
    expect(await seriesValue(registry, 'events_outbox_publish_failures_total')).toBeGreaterThan(0);
    expect(await seriesValue(registry, 'events_outbox_backlog')).toBe(1);
    expect(await seriesValue(registry, 'events_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(90);

    broker.down = false;
    expect(await relay.flush()).toBe(1);
    expect(await seriesValue(registry, 'events_outbox_published_total', { type })).toBe(1);
    expect(await seriesValue(registry, 'events_outbox_backlog')).toBe(0);
    expect(await seriesValue(registry, 'events_outbox_oldest_age_seconds')).toBe(0);
  });

  it('stops reading a stopped relay, and shows NaN for a backlog it cannot read', async () => {
    const registry = new Registry();
    const relay = await startRelay({
      database,
      outbox,
      bus,
      logger,
      metrics: registry,
      pollIntervalMs: 600_000,
    });
    await relay.stop();
    expect(await seriesValue(registry, 'events_outbox_backlog')).toBe(0);

    const broken = relayMetrics(registry, () => Promise.reject(new Error('database unreachable')));
    expect(await seriesValue(registry, 'events_outbox_backlog')).toBeNaN();
    expect(await seriesValue(registry, 'events_outbox_oldest_age_seconds')).toBeNaN();
    broken.detach();
  });
});
