import { afterEach, describe, expect, it } from 'vitest';
import type { AnyEnvelope, EventEnvelope } from '@bodega/contracts';
import { newId } from '@bodega/db';
import { silentLogger } from '@bodega/logging';
import type { EventBus } from './bus.js';
import { createInProcessBus } from './in-process-bus.js';

const logger = silentLogger();
const eventually = { timeout: 5_000, interval: 5 };

function deleted(overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    id: newId(),
    type: 'catalog.product.deleted',
    version: 1,
    occurred_at: new Date().toISOString(),
    source: 'catalog',
    data: { product_id: newId(), deleted_at: new Date().toISOString() },
    ...overrides,
  };
}

describe('the in-process bus', () => {
  let bus: EventBus;
  afterEach(async () => {
    await bus.close();
  });

  it('routes each envelope to every consumer whose patterns match its type', async () => {
    bus = createInProcessBus({ logger });
    const seen: Record<string, string[]> = { exact: [], wildcard: [], other: [] };
    for (const [consumer, types] of [
      ['exact', ['catalog.product.deleted']],
      ['wildcard', ['catalog.#']],
      ['other', ['identity.user.registered']],
    ] as const) {
      await bus.subscribe({
        consumer,
        types: [...types],
        handler: (envelope) => {
          seen[consumer]!.push(envelope.id);
          return Promise.resolve();
        },
      });
    }
    const envelope = deleted();
    await bus.publish(envelope);
    await expect
      .poll(() => seen, eventually)
      .toEqual({ exact: [envelope.id], wildcard: [envelope.id], other: [] });
  });

  it('hands consumers a copy, never the publisher object, and runs them after publish returns', async () => {
    bus = createInProcessBus({ logger });
    const received: AnyEnvelope[] = [];
    await bus.subscribe({
      consumer: 'search',
      types: ['#'],
      handler: (envelope) => {
        received.push(envelope);
        return Promise.resolve();
      },
    });
    const envelope = deleted();
    await bus.publish(envelope);
    expect(received).toEqual([]);
    await expect.poll(() => received, eventually).toEqual([envelope]);
    expect(received[0]).not.toBe(envelope);
  });

  it('retries a failing handler with the backoff of each attempt, then succeeds', async () => {
    bus = createInProcessBus({ logger });
    const attempts: number[] = [];
    const asked: number[] = [];
    await bus.subscribe({
      consumer: 'search',
      types: ['#'],
      maxAttempts: 4,
      backoffMs: (attempt) => {
        asked.push(attempt);
        return 1;
      },
      handler: () => {
        attempts.push(attempts.length + 1);
        return attempts.length < 3 ? Promise.reject(new Error('not yet')) : Promise.resolve();
      },
    });
    await bus.publish(deleted());
    await expect.poll(() => attempts, eventually).toEqual([1, 2, 3]);
    expect(asked).toEqual([1, 2]);
    expect(await bus.deadLetters('search')).toEqual([]);
  });

  it('runs at most `prefetch` handlers of a consumer at once', async () => {
    bus = createInProcessBus({ logger });
    let running = 0;
    let most = 0;
    let done = 0;
    const releases: (() => void)[] = [];
    await bus.subscribe({
      consumer: 'search',
      types: ['#'],
      prefetch: 2,
      handler: async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
        done += 1;
      },
    });
    for (let index = 0; index < 5; index += 1) await bus.publish(deleted());
    for (let released = 0; released < 5; released += 1) {
      await expect.poll(() => releases.length, eventually).toBeGreaterThan(0);
      releases.shift()!();
    }
    await expect.poll(() => done, eventually).toBe(5);
    expect(most).toBe(2);
  });

  it('shows at most `limit` dead letters, and none for a consumer it does not know', async () => {
    bus = createInProcessBus({ logger });
    await bus.subscribe({
      consumer: 'search',
      types: ['#'],
      maxAttempts: 1,
      handler: () => Promise.reject(new Error('down')),
    });
    for (let index = 0; index < 3; index += 1) await bus.publish(deleted());
    await expect.poll(() => bus.deadLetters('search'), eventually).toHaveLength(3);
    expect(await bus.deadLetters('search', { limit: 2 })).toHaveLength(2);
    expect(await bus.deadLetters('nobody')).toEqual([]);
    expect(await bus.replay('nobody')).toBe(0);
  });

  it('refuses a second subscription for the same consumer', async () => {
    bus = createInProcessBus({ logger });
    await bus.subscribe({ consumer: 'search', types: ['#'], handler: () => Promise.resolve() });
    await expect(async () =>
      bus.subscribe({ consumer: 'search', types: ['#'], handler: () => Promise.resolve() }),
    ).rejects.toThrow(/already subscribed/);
  });

  it('waits for running handlers on close, then refuses work and fails its readiness', async () => {
    bus = createInProcessBus({ logger });
    let finished = false;
    let started = false;
    await bus.subscribe({
      consumer: 'search',
      types: ['#'],
      handler: async () => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 20));
        finished = true;
      },
    });
    await bus.ping();
    await bus.publish(deleted());
    await expect.poll(() => started, eventually).toBe(true);
    await bus.close();
    expect(finished).toBe(true);
    await expect(bus.ping()).rejects.toThrow(/closed/);
    await expect(async () => bus.publish(deleted())).rejects.toThrow(/closed/);
    await expect(async () =>
      bus.subscribe({ consumer: 'late', types: ['#'], handler: () => Promise.resolve() }),
    ).rejects.toThrow(/closed/);
    await bus.close();
  });

  it('drops what is still queued or waiting to retry when closed (the documented tradeoff)', async () => {
    bus = createInProcessBus({ logger });
    let calls = 0;
    await bus.subscribe({
      consumer: 'search',
      types: ['#'],
      backoffMs: () => 60_000,
      handler: () => {
        calls += 1;
        return Promise.reject(new Error('down'));
      },
    });
    await bus.publish(deleted());
    await expect.poll(() => calls, eventually).toBe(1);
    await bus.publish(deleted());
    await bus.close();
    expect(calls).toBe(1);
  });
});
