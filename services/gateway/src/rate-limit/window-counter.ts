import type { redisClientOf } from '@bodega/cache';
import type { ServiceContext } from '@bodega/kit';

type Redis = NonNullable<ReturnType<typeof redisClientOf>>;
type Logger = ServiceContext['logger'];

/** What one hit learned: the count in the current window (this hit included) and when the window ends. */
export interface Hit {
  count: number;
  resetMs: number;
}

/**
 * Fixed-window request counters that answer from memory and share their counts through Redis in
 * batches, so the hot path of every request is a map lookup, never a network round trip.
 *
 * Each gateway replica counts its hits locally; `flushMs` after a hit it adds what it counted to the
 * shared counters with one pipelined script call per active key and learns the global totals back. A
 * hit's count is the last known global total plus what this replica counted since. The price of not
 * asking Redis on every request is a bounded over-admission: a client spread over N replicas can get,
 * on each replica, up to the hits it sends there in one flush interval past the limit. With one
 * replica (or one client per connection, the usual case) counting is exact. This is why the strict,
 * low-volume limits (auth and login, where a few extra attempts matter) keep an exact per-request
 * counter; this one is for the per-IP default every request pays.
 *
 * Without Redis, or while Redis is down, the counters are local to the replica: limits still hold,
 * per replica, instead of failing open.
 */
export interface WindowCounter {
  /** Counts `units` hits (1 by default: a GraphQL request counts one per upstream call it can make). */
  hit(key: string, units?: number): Hit;
  /** Sends what was counted here now, and learns the totals of the keys it sent (the timer does this too). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface WindowCounterOptions {
  windowMs: number;
  /** Shared counters' key prefix in Redis. */
  prefix: string;
  redis?: Redis | undefined;
  /** How often local counts go to Redis; also the over-admission window. Default 100 ms. */
  flushMs?: number;
  /** The most keys tracked at once; beyond it past windows' entries, then the oldest, are dropped. */
  maxKeys?: number;
  logger: Logger;
  now?: () => number;
}

interface Entry {
  window: number;
  /** The global total after our last flush (our own flushed hits included). */
  known: number;
  /** Hits counted here and not yet added to the shared counter. */
  pending: number;
  /** Hits in flight to Redis right now. */
  sending: number;
}

// INCRBY, then make sure the key outlives its window (a crashed replica's counters expire by themselves).
const ADD = `local total = redis.call('INCRBY', KEYS[1], ARGV[1])
if total == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return total`;

export function createWindowCounter(options: WindowCounterOptions): WindowCounter {
  const { windowMs, prefix, redis, logger } = options;
  const flushMs = options.flushMs ?? 100;
  const maxKeys = options.maxKeys ?? 100_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let storeFailing = false;

  function schedule() {
    if (!redis || timer) return;
    timer = setTimeout(() => {
      void flush().then(() => {
        timer = undefined;
        if ([...entries.values()].some((entry) => entry.pending > 0)) schedule();
      });
    }, flushMs);
    timer.unref();
  }

  // Flushes run one after another: a batch's `sending` counts must never be overwritten mid-flight.
  function flush(): Promise<void> {
    chain = chain.then(flushOnce).catch((error: unknown) => {
      logger.error({ err: error }, 'rate-limit flush failed');
    });
    return chain;
  }

  async function flushOnce(): Promise<void> {
    if (!redis) return;
    const current = Math.floor(now() / windowMs);
    const batch: [string, Entry, number][] = [];
    for (const [key, entry] of entries) {
      if (entry.window < current) {
        entries.delete(key); // a past window's leftovers no longer matter to anyone
        continue;
      }
      if (entry.pending === 0) continue;
      entry.sending = entry.pending;
      entry.pending = 0;
      batch.push([key, entry, entry.sending]);
    }
    if (batch.length === 0) return;
    const pipeline = redis.pipeline();
    for (const [key, entry, count] of batch) {
      pipeline.eval(ADD, 1, `${prefix}${key}:${entry.window}`, count, windowMs * 2);
    }
    try {
      const results = (await pipeline.exec()) ?? [];
      batch.forEach(([, entry], index) => {
        const [error, total] = results[index] ?? [new Error('no reply')];
        if (error) throw error;
        entry.known = Math.max(entry.known + entry.sending, Number(total));
        entry.sending = 0;
      });
      if (storeFailing) logger.info('rate-limit store reachable again; counts are shared across replicas');
      storeFailing = false;
    } catch (error) {
      // Keep what we counted as ours: the limit still holds on this replica until the store is back.
      for (const [, entry] of batch) {
        entry.known += entry.sending;
        entry.sending = 0;
      }
      if (!storeFailing) {
        logger.warn({ err: error }, 'rate-limit store unavailable; counting per replica until it is back');
      }
      storeFailing = true;
    }
  }

  return {
    hit(key, units = 1) {
      const time = now();
      const window = Math.floor(time / windowMs);
      let entry = entries.get(key);
      if (!entry || entry.window !== window) {
        if (!entry && entries.size >= maxKeys) evictPastWindows(entries, window, maxKeys);
        entry = { window, known: 0, pending: 0, sending: 0 };
        entries.set(key, entry);
      }
      entry.pending += units;
      schedule();
      return { count: entry.known + entry.sending + entry.pending, resetMs: (window + 1) * windowMs - time };
    },
    flush,
    async close() {
      clearTimeout(timer);
      await flush();
    },
  };
}

/** Makes room: first entries of past windows, then (a flood of distinct clients) the oldest entries. */
function evictPastWindows(entries: Map<string, Entry>, window: number, maxKeys: number) {
  for (const [key, entry] of entries) if (entry.window < window) entries.delete(key);
  // Map iteration is insertion order: the first keys are the longest-lived ones.
  for (const key of entries.keys()) {
    if (entries.size < maxKeys) break;
    entries.delete(key);
  }
}
