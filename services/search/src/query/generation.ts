/**
 * The search cache generation: a counter in the service's cache (Redis in distributed mode, so every
 * instance sees it), part of every cached result's key. The indexer bumps it after each change commits,
 * so no result cached before a change is served after it; old entries simply expire.
 *
 * Cost: one cache read per search (one Redis GET), measured in the README. When the counter is absent
 * (first use, evicted, expired) it restarts from the current time in milliseconds, a value that no
 * earlier generation used, so a restart cannot bring back results cached under an old number.
 */
import type { Cache } from '@bodega/cache';
import type { Logger } from '@bodega/logging';

const KEY = 'search:generation';
/** Far longer than any cached result lives. */
const COUNTER_TTL_MS = 30 * 24 * 3_600_000;

export interface SearchGeneration {
  current(): Promise<number>;
  /** Call after the change committed: a search that raced it then caches under a number nobody reads. */
  bump(): Promise<void>;
}

export function searchGeneration(cache: Cache, logger: Logger, clock: () => Date): SearchGeneration {
  const restart = async () => {
    const value = clock().getTime();
    await cache.set(KEY, value, COUNTER_TTL_MS);
    return value;
  };
  return {
    async current() {
      return (await cache.get<number>(KEY)) ?? (await restart());
    },
    async bump() {
      try {
        const value = await cache.incr(KEY, COUNTER_TTL_MS);
        if (value === 1) await restart();
      } catch (error) {
        // The change is committed; results cached before it live at most their TTL.
        logger.warn({ err: error }, 'search cache generation not bumped');
      }
    },
  };
}
