import type { Cache, CacheLoader } from './cache.js';
import { assertTtl } from './codec.js';
import { CacheUnavailableError } from './errors.js';
import type { SingleFlight } from './single-flight.js';

/**
 * `getOrLoad` for any cache: single-flight around "read, else load and store". An unavailable backend is
 * tolerated (the cache counts it in its stats) because the loader can always answer without the cache.
 */
export async function readThrough<T>(
  cache: Cache,
  flights: SingleFlight,
  key: string,
  ttlMs: number,
  loader: CacheLoader<T>,
): Promise<T> {
  assertTtl(ttlMs);
  return await flights.run(key, async () => {
    const cached = await cache.get<T>(key).catch(unlessUnavailable);
    if (cached !== undefined) return cached;
    const value = await loader();
    if (value !== undefined) await cache.set(key, value, ttlMs).catch(unlessUnavailable);
    return value;
  });
}

function unlessUnavailable(error: unknown): undefined {
  if (error instanceof CacheUnavailableError) return undefined;
  throw error;
}
