/**
 * Counters a cache keeps about itself, read by the service's metrics (hit ratio = hits / (hits + misses)).
 * They only grow; a scrape computes rates.
 */
export interface CacheStats {
  /** Reads that found a live value. */
  hits: number;
  /** Reads that found nothing (absent or expired). */
  misses: number;
  /** Backend failures (Redis unreachable, timed out...); always 0 for the memory cache. */
  errors: number;
}

/** Produces the value for a cold key in {@link Cache.getOrLoad}. */
export type CacheLoader<T> = () => Promise<T>;

/**
 * The cache port. Values are JSON: what `get` returns is a fresh copy of what `set` stored, so both
 * implementations behave the same (a `Date` comes back as a string, `undefined` fields vanish).
 */
export interface Cache {
  /** The namespace every key is stored under, e.g. `bodega:catalog:`. */
  readonly keyPrefix: string;
  /** This instance's hit and miss counters. */
  readonly stats: CacheStats;

  /**
   * The value stored at `key`, or `undefined` when there is none or it expired. `T` is not checked:
   * the caller knows what it stored.
   */
  get<T>(key: string): Promise<T | undefined>;

  /** The values at `keys`, in order, in one round trip (`undefined` where there is none). */
  getMany<T>(keys: string[]): Promise<(T | undefined)[]>;

  /** Stores `value` (anything JSON can represent) at `key` for `ttlMs` milliseconds. */
  set(key: string, value: unknown, ttlMs: number): Promise<void>;

  /** Removes the keys; absent keys are ignored. */
  delete(...keys: string[]): Promise<void>;

  /**
   * Adds one to the counter at `key` and returns the new count, atomically across processes sharing the
   * backend. The first increment starts a window of `ttlMs`; later increments do not extend it, so a
   * fixed-window rate limit is `incr(key, windowMs) > limit`.
   */
  incr(key: string, ttlMs: number): Promise<number>;

  /**
   * The cached value at `key`, or the loader's, which is then cached for `ttlMs`. Concurrent callers in
   * this process for the same cold key share one load (single-flight), so a popular key expiring does
   * not send a stampede to the database. When the backend fails the loader's value is still returned:
   * a cache outage slows a service down, it does not take it down. A loader answering `undefined` is
   * not cached.
   */
  getOrLoad<T>(key: string, ttlMs: number, loader: CacheLoader<T>): Promise<T>;

  /** Resolves when the backend answers, rejects otherwise: the service's readiness check. */
  ping(): Promise<void>;

  /** Releases the backend (closes the Redis connection if this cache opened it). */
  close(): Promise<void>;
}
