/**
 * How many beacon events a session may send per minute (a fixed window), counted where every replica
 * sees the same count: Redis in distributed mode. In embedded mode there is one process, and the
 * count lives in its memory. A batch that would pass the limit is refused whole and not counted, so
 * a session over its budget by a few events can still send a smaller batch.
 */
import { redisClientOf, type Cache } from '@bodega/cache';
import type { Logger } from '@bodega/logging';

const WINDOW_MS = 60_000;

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface SessionLimiter {
  /** Counts `events` for the session if they fit this minute's budget. */
  take(sessionId: string, events: number, now: Date): Promise<LimitVerdict>;
}

type Redis = NonNullable<ReturnType<typeof redisClientOf>>;

// Check and add in one step, atomically: concurrent batches from one session cannot both squeeze in.
const TAKE = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local events = tonumber(ARGV[1])
if count + events > tonumber(ARGV[2]) then return -1 end
count = redis.call('INCRBY', KEYS[1], events)
if redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return count`;

function refused(window: number, now: Date): LimitVerdict {
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now.getTime()) / 1000)),
  };
}

/** The limiter for this cache: shared through Redis when the cache is Redis, in memory otherwise. */
export function createSessionLimiter(cache: Cache, limitPerMinute: number, logger: Logger): SessionLimiter {
  const client = redisClientOf(cache);
  return client
    ? redisLimiter(client, `${cache.keyPrefix}beacons:`, limitPerMinute, logger)
    : memoryLimiter(limitPerMinute);
}

function redisLimiter(client: Redis, prefix: string, limit: number, logger: Logger): SessionLimiter {
  return {
    async take(sessionId, events, now) {
      const window = Math.floor(now.getTime() / WINDOW_MS);
      try {
        const count = await client.eval(TAKE, 1, `${prefix}${sessionId}:${window}`, events, limit, WINDOW_MS);
        return Number(count) < 0 ? refused(window, now) : { allowed: true };
      } catch (error) {
        // Beacons are worth more than a minute of limiting: with Redis away, accept (the gateway
        // still limits per IP).
        logger.warn({ err: error }, 'beacon rate limit unavailable: batch accepted unchecked');
        return { allowed: true };
      }
    },
  };
}

/** Exported for its unit test; `createSessionLimiter` picks it in embedded mode. */
export function memoryLimiter(limit: number, maxSessions = 100_000): SessionLimiter {
  const counts = new Map<string, { window: number; count: number }>();
  return {
    async take(sessionId, events, now) {
      const window = Math.floor(now.getTime() / WINDOW_MS);
      if (counts.size >= maxSessions) {
        for (const [key, entry] of counts) if (entry.window < window) counts.delete(key);
        // Still full of this minute's sessions (a flood of fresh ids): start the minute over rather
        // than scan the table on every batch; the gateway's per-IP limit still holds.
        if (counts.size >= maxSessions) counts.clear();
      }
      const entry = counts.get(sessionId);
      const count = entry?.window === window ? entry.count : 0;
      if (count + events > limit) return refused(window, now);
      counts.set(sessionId, { window, count: count + events });
      return { allowed: true };
    },
  };
}
