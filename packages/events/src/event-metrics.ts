/**
 * The event pipeline on a service's `/metrics`: the outbox relay (backlog, oldest unsent age,
 * publishes) and each consumer (processing time, lag, retries, dead letters, queue depths). Buses and
 * relays record into the registry they are given (`Subscription.metrics`, `RelayOptions.metrics`);
 * gauges are read on scrape, so nothing polls between scrapes.
 *
 * Labels stay bounded: consumers and event types are fixed by the code (a type that is not in the
 * contracts registry, e.g. on a broken envelope, is counted as `unknown`), never ids.
 */
import { isEventType } from '@bodega/contracts';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Messages waiting in a consumer's queues: to be delivered, waiting out a retry backoff, dead. */
export interface QueueDepths {
  ready: number;
  retry: number;
  dead: number;
}

/** How one delivery ended, as `deliver` decided it. */
export type DeliveryKind = 'handled' | 'retry' | 'dead';

/** What a bus reports about one consumer. */
export interface ConsumerMetrics {
  /** The handler ran (`handlerSeconds`) and the delivery ended as `kind`. */
  handled(type: string | null, kind: DeliveryKind, handlerSeconds: number, occurredAt: string | null): void;
  /** An envelope broke its contract and went to the dead-letter queue without a handler run. */
  rejected(type: string | null): void;
  /** Stops reading this consumer's queue depths (the bus closed); its counters stay. */
  detach(): void;
}

/** The longest a scrape waits for a broker or database answer; a gauge it cannot read shows NaN. */
const collectTimeoutMs = 2_000;

type Backlog = () => Promise<{ count: number; oldest_age_seconds: number }>;

interface ConsumerInstruments {
  handleDuration: Histogram<'consumer' | 'type' | 'outcome'>;
  lag: Histogram<'consumer'>;
  retries: Counter<'consumer' | 'type'>;
  deadLetters: Counter<'consumer' | 'type' | 'reason'>;
  queueSources: Map<string, () => Promise<QueueDepths>>;
}

interface OutboxInstruments {
  published: Counter<'type'>;
  publishFailures: Counter;
  sources: Set<Backlog>;
}

// One set of instruments per registry, made on first use: prom-client refuses a second metric of the
// same name, a service may run several consumers (or, in tests, several relays) on one registry, and a
// service without an outbox (or without consumers) exposes none of those series.
const consumersByRegistry = new WeakMap<Registry, ConsumerInstruments>();
const outboxesByRegistry = new WeakMap<Registry, OutboxInstruments>();

function consumerInstruments(registry: Registry): ConsumerInstruments {
  const existing = consumersByRegistry.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const queueSources = new Map<string, () => Promise<QueueDepths>>();
  new Gauge({
    name: 'events_consumer_queue_messages',
    help: "Messages in a consumer's queues, read on scrape: ready (waiting for a handler), retry (waiting out a backoff), dead (dead-lettered)",
    labelNames: ['consumer', 'queue'] as const,
    registers,
    async collect() {
      this.reset();
      await Promise.all(
        [...queueSources].map(async ([consumer, depths]) => {
          const read = await withTimeout(Promise.resolve().then(depths)).catch(() => undefined);
          for (const queue of ['ready', 'retry', 'dead'] as const)
            this.set({ consumer, queue }, read ? read[queue] : Number.NaN);
        }),
      );
    },
  });
  const instruments: ConsumerInstruments = {
    handleDuration: new Histogram({
      name: 'events_consumer_handle_duration_seconds',
      help: "Time a consumer's handler took for one delivery, by event type and outcome (handled, retry, dead)",
      labelNames: ['consumer', 'type', 'outcome'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    lag: new Histogram({
      name: 'events_consumer_lag_seconds',
      help: 'Time from an event happening (envelope occurred_at) to a consumer handling it',
      labelNames: ['consumer'] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800, 3600],
      registers,
    }),
    retries: new Counter({
      name: 'events_consumer_retries_total',
      help: 'Deliveries whose handler failed and that will be tried again after a backoff',
      labelNames: ['consumer', 'type'] as const,
      registers,
    }),
    deadLetters: new Counter({
      name: 'events_consumer_dead_letters_total',
      help: 'Events sent to a consumer dead-letter queue, by reason: contract (invalid envelope) or handler (retries exhausted)',
      labelNames: ['consumer', 'type', 'reason'] as const,
      registers,
    }),
    queueSources,
  };
  consumersByRegistry.set(registry, instruments);
  return instruments;
}

function outboxInstruments(registry: Registry): OutboxInstruments {
  const existing = outboxesByRegistry.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const sources = new Set<Backlog>();
  // Summed over the relays of this registry (one per service, but tests may run several).
  const backlog = async () => {
    const reads = await Promise.all(
      [...sources].map((source) => withTimeout(Promise.resolve().then(source)).catch(() => undefined)),
    );
    if (reads.some((read) => read === undefined)) return undefined;
    const known = reads as Awaited<ReturnType<Backlog>>[];
    return {
      count: known.reduce((sum, read) => sum + read.count, 0),
      oldest: Math.max(0, ...known.map((read) => read.oldest_age_seconds)),
    };
  };
  new Gauge({
    name: 'events_outbox_backlog',
    help: 'Outbox events written but not yet published, read on scrape',
    registers,
    async collect() {
      this.set((await backlog())?.count ?? Number.NaN);
    },
  });
  new Gauge({
    name: 'events_outbox_oldest_age_seconds',
    help: 'Age of the oldest outbox event not yet published (0 when none waits), read on scrape',
    registers,
    async collect() {
      this.set((await backlog())?.oldest ?? Number.NaN);
    },
  });
  const instruments: OutboxInstruments = {
    published: new Counter({
      name: 'events_outbox_published_total',
      help: 'Outbox events the relay published (broker confirmed), by type',
      labelNames: ['type'] as const,
      registers,
    }),
    publishFailures: new Counter({
      name: 'events_outbox_publish_failures_total',
      help: 'Publishes of an outbox event that failed (the row waits and is tried again)',
      registers,
    }),
    sources,
  };
  outboxesByRegistry.set(registry, instruments);
  return instruments;
}

/** The type as a label: a contract type, or `unknown` for whatever a broken envelope claimed. */
function typeLabel(type: string | null): string {
  return type !== null && isEventType(type) ? type : 'unknown';
}

/** The metrics of `consumer` on `registry`, its queue depths read on scrape through `depths`. */
export function consumerMetrics(
  registry: Registry,
  consumer: string,
  depths: () => Promise<QueueDepths>,
  now: () => number = Date.now,
): ConsumerMetrics {
  const instruments = consumerInstruments(registry);
  instruments.queueSources.set(consumer, depths);
  // Present from the start at 0, so `rate()` and `increase()` see the first retry or dead letter.
  instruments.retries.inc({ consumer, type: 'unknown' }, 0);
  instruments.deadLetters.inc({ consumer, type: 'unknown', reason: 'contract' }, 0);
  instruments.deadLetters.inc({ consumer, type: 'unknown', reason: 'handler' }, 0);
  return {
    handled(type, kind, handlerSeconds, occurredAt) {
      const labels = { consumer, type: typeLabel(type) };
      instruments.handleDuration.observe({ ...labels, outcome: kind }, handlerSeconds);
      if (kind === 'retry') instruments.retries.inc(labels);
      if (kind === 'dead') instruments.deadLetters.inc({ ...labels, reason: 'handler' });
      if (kind === 'handled' && occurredAt !== null) {
        const occurred = Date.parse(occurredAt);
        if (!Number.isNaN(occurred))
          instruments.lag.observe({ consumer }, Math.max(0, (now() - occurred) / 1000));
      }
    },
    rejected(type) {
      instruments.deadLetters.inc({ consumer, type: typeLabel(type), reason: 'contract' });
    },
    detach() {
      if (instruments.queueSources.get(consumer) === depths) instruments.queueSources.delete(consumer);
    },
  };
}

/** What a relay reports: publishes and failures; its backlog is read on scrape through `backlog`. */
export interface RelayMetrics {
  published(type: string): void;
  failed(): void;
  /** Stops reading this relay's backlog (the relay stopped); its counters stay. */
  detach(): void;
}

/** The metrics of one outbox relay on `registry`. */
export function relayMetrics(registry: Registry, backlog: Backlog): RelayMetrics {
  const instruments = outboxInstruments(registry);
  instruments.sources.add(backlog);
  instruments.publishFailures.inc(0);
  return {
    published(type) {
      instruments.published.inc({ type: typeLabel(type) });
    },
    failed() {
      instruments.publishFailures.inc();
    },
    detach() {
      instruments.sources.delete(backlog);
    },
  };
}

async function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${collectTimeoutMs} ms`));
    }, collectTimeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
