import { eventSchemas, type EventData } from '@bodega/contracts';
import { newId } from '@bodega/db';
import type { EventBus } from '@bodega/events';
import type { Logger } from '@bodega/logging';
import { Counter, type Registry } from 'prom-client';

export type ProductView = EventData<'catalog.product.viewed'>['views'][number];

/** Buffers product views and sends them in batches; never blocks a read. */
export interface ViewRecorder {
  /** Queues one view; drops it (counted) when the buffer is full. Synchronous: reads never wait. */
  record(view: ProductView): void;
  /** Sends what is buffered now, in events of at most `maxPerEvent` views. */
  flush(): Promise<void>;
  /** Stops the timer and sends what is left. */
  close(): Promise<void>;
}

export interface ViewRecorderOptions {
  bus: EventBus;
  logger: Logger;
  metrics: Registry;
  now: () => Date;
  flushIntervalMs: number;
  /** A flush starts as soon as this many views wait. */
  flushAt?: number;
  /** Views kept at most; beyond, new ones are dropped. */
  capacity?: number;
  maxPerEvent?: number;
}

const sessionPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** The browser session of a view: the `X-Session-Id` header when it looks like one, otherwise none. */
export function sessionIdOf(header: string | string[] | undefined): string | null {
  return typeof header === 'string' && sessionPattern.test(header) ? header : null;
}

/**
 * `catalog.product.viewed` is best-effort by contract: views go straight to the bus in batches (not
 * through the outbox), so a product read costs an array push. A full buffer or a failed publish
 * loses views, counted in `catalog_product_views_dropped_total`, and never fails a read.
 */
export function createViewRecorder(options: ViewRecorderOptions): ViewRecorder {
  const flushAt = options.flushAt ?? 500;
  const capacity = options.capacity ?? 10_000;
  const maxPerEvent = options.maxPerEvent ?? 1_000;
  const dropped = new Counter({
    name: 'catalog_product_views_dropped_total',
    help: 'Product views lost: buffer full or publish failed',
    registers: [options.metrics],
  });
  let buffer: ProductView[] = [];
  let flushing: Promise<void> | undefined;

  async function publish(views: ProductView[]): Promise<void> {
    const type = 'catalog.product.viewed';
    try {
      await options.bus.publish({
        id: newId(),
        type,
        version: eventSchemas[type].version,
        occurred_at: options.now().toISOString(),
        source: 'catalog',
        data: { views },
      });
    } catch (error) {
      dropped.inc(views.length);
      options.logger.warn({ err: error, views: views.length }, 'product views dropped: publish failed');
    }
  }

  async function drain(): Promise<void> {
    while (buffer.length > 0) {
      const batch = buffer.slice(0, maxPerEvent);
      buffer = buffer.slice(batch.length);
      await publish(batch);
    }
  }

  function flush(): Promise<void> {
    // One flush at a time; a second caller waits for it, then anything newer goes in another.
    flushing ??= drain().finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  const timer = setInterval(() => void flush(), options.flushIntervalMs);
  timer.unref();

  return {
    record(view) {
      if (buffer.length >= capacity) {
        dropped.inc();
        return;
      }
      buffer.push(view);
      if (buffer.length >= flushAt) void flush();
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
      if (buffer.length > 0) await flush();
    },
  };
}
