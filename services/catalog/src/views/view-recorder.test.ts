import { afterEach, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import type { EventEnvelope } from '@bodega/contracts';
import type { EventBus } from '@bodega/events';
import { silentLogger } from '@bodega/logging';
import { createViewRecorder, sessionIdOf, type ProductView, type ViewRecorder } from './view-recorder.js';

const view = (n: number): ProductView => ({
  product_id: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b',
  category: 'kitchen',
  customer_id: null,
  session_id: `s${n}`,
  viewed_at: '2026-01-01T00:00:00.000Z',
});

function fakeBus(fail = false) {
  const published: EventEnvelope[] = [];
  const bus = {
    publish: async (envelope: EventEnvelope) => {
      if (fail) throw new Error('broker down');
      published.push(envelope);
    },
  } as unknown as EventBus;
  return { bus, published };
}

async function droppedCount(metrics: Registry): Promise<number> {
  const metric = await metrics.getSingleMetric('catalog_product_views_dropped_total')?.get();
  return metric?.values[0]?.value ?? 0;
}

describe('product view batching', () => {
  let recorder: ViewRecorder | undefined;
  afterEach(async () => {
    await recorder?.close();
  });

  it('sends buffered views as one event per flush, at most maxPerEvent each', async () => {
    const { bus, published } = fakeBus();
    const metrics = new Registry();
    recorder = createViewRecorder({
      bus,
      logger: silentLogger(),
      metrics,
      now: () => new Date(),
      flushIntervalMs: 60_000,
      flushAt: 10_000,
      maxPerEvent: 3,
    });
    for (let n = 0; n < 7; n++) recorder.record(view(n));
    await recorder.flush();
    expect(published.map((event) => (event.data as { views: unknown[] }).views.length)).toEqual([3, 3, 1]);
    expect(published[0]).toMatchObject({ type: 'catalog.product.viewed', version: 1, source: 'catalog' });
  });

  it('drops and counts views beyond capacity and views whose publish failed', async () => {
    const { bus } = fakeBus(true);
    const metrics = new Registry();
    recorder = createViewRecorder({
      bus,
      logger: silentLogger(),
      metrics,
      now: () => new Date(),
      flushIntervalMs: 60_000,
      flushAt: 100,
      capacity: 5,
    });
    for (let n = 0; n < 8; n++) recorder.record(view(n));
    expect(await droppedCount(metrics)).toBe(3);
    await recorder.flush();
    expect(await droppedCount(metrics)).toBe(8);
  });

  it('flushes on its own once flushAt views wait', async () => {
    const { bus, published } = fakeBus();
    recorder = createViewRecorder({
      bus,
      logger: silentLogger(),
      metrics: new Registry(),
      now: () => new Date(),
      flushIntervalMs: 60_000,
      flushAt: 2,
    });
    recorder.record(view(1));
    recorder.record(view(2));
    await expect.poll(() => published.length).toBe(1);
  });

  it('takes a session id only when it looks like one', () => {
    expect(sessionIdOf('abc_DEF-123')).toBe('abc_DEF-123');
    expect(sessionIdOf('has space')).toBeNull();
    expect(sessionIdOf('x'.repeat(65))).toBeNull();
    expect(sessionIdOf(undefined)).toBeNull();
    expect(sessionIdOf(['a', 'b'])).toBeNull();
  });
});
