import type { Cache, CacheLoader, CacheStats } from './cache.js';
import { assertTtl, decode, encode } from './codec.js';
import { readThrough } from './read-through.js';
import { SingleFlight } from './single-flight.js';

/** Options of {@link MemoryCache}. */
export interface MemoryCacheOptions {
  /** Namespace for keys; kept for parity with Redis, where services share one keyspace. */
  keyPrefix?: string;
  /**
   * Bound on stored entries; past it the oldest written entry is evicted. Default 10,000. `Infinity`
   * for a store whose entries must outlive their turn (the revocation list): then an entry leaves
   * only once it expired, and memory is bounded by what is written within a ttl, not by a count.
   */
  maxEntries?: number;
  /** The clock, in epoch milliseconds; tests pass their own. */
  now?: () => number;
}

/** Below this size a map is never swept: reads expire what they meet, and a pass would cost more. */
const MIN_SWEEP_AT = 1_024;

interface Entry {
  json: string;
  expiresAt: number;
}

/**
 * The embedded-mode cache: a `Map` in this process. Entries expire lazily, when read or when the map
 * has doubled since it was last swept, so no timer ever holds the process open and never-read keys
 * cannot pile up past twice what is live; the `maxEntries` bound, when finite, caps it by count too.
 * Values are stored as JSON so callers get the same copies Redis gives.
 */
export class MemoryCache implements Cache {
  readonly keyPrefix: string;
  readonly stats: CacheStats = { hits: 0, misses: 0, errors: 0 };
  readonly #entries = new Map<string, Entry>();
  readonly #flights = new SingleFlight();
  readonly #maxEntries: number;
  readonly #now: () => number;
  /** The size at which expired entries are swept next: twice the live ones at the last sweep. */
  #sweepAt = MIN_SWEEP_AT;

  constructor(options: MemoryCacheOptions = {}) {
    this.keyPrefix = options.keyPrefix ?? '';
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
    const bounded = Number.isSafeInteger(this.#maxEntries) && this.#maxEntries >= 1;
    if (!bounded && this.#maxEntries !== Infinity) {
      throw new RangeError(`maxEntries must be a positive whole number or Infinity, got ${this.#maxEntries}`);
    }
  }

  /** Whether a live entry can be evicted to make room (a finite `maxEntries`): not a store to rely on. */
  get evictsLiveEntries(): boolean {
    return Number.isFinite(this.#maxEntries);
  }

  /** How many entries are held, expired ones not yet swept included. */
  get size(): number {
    return this.#entries.size;
  }

  get<T>(key: string): Promise<T | undefined> {
    return settle(() => {
      const entry = this.#live(this.keyPrefix + key);
      if (!entry) {
        this.stats.misses++;
        return undefined;
      }
      this.stats.hits++;
      return decode(entry.json) as T;
    });
  }

  async getMany<T>(keys: string[]): Promise<(T | undefined)[]> {
    return Promise.all(keys.map((key) => this.get<T>(key)));
  }

  set(key: string, value: unknown, ttlMs: number): Promise<void> {
    return settle(() => {
      assertTtl(ttlMs);
      this.#store(this.keyPrefix + key, { json: encode(value), expiresAt: this.#now() + ttlMs });
    });
  }

  delete(...keys: string[]): Promise<void> {
    for (const key of keys) this.#entries.delete(this.keyPrefix + key);
    return Promise.resolve();
  }

  incr(key: string, ttlMs: number): Promise<number> {
    return settle(() => {
      assertTtl(ttlMs);
      const fullKey = this.keyPrefix + key;
      const entry = this.#live(fullKey);
      if (!entry) {
        this.#store(fullKey, { json: '1', expiresAt: this.#now() + ttlMs });
        return 1;
      }
      const count = decode(entry.json);
      if (typeof count !== 'number' || !Number.isSafeInteger(count)) {
        throw new TypeError(`the value at ${key} is not an integer`);
      }
      // Updated in place: the window keeps its first expiry and the entry its place in eviction order.
      entry.json = String(count + 1);
      return count + 1;
    });
  }

  getOrLoad<T>(key: string, ttlMs: number, loader: CacheLoader<T>): Promise<T> {
    return readThrough(this, this.#flights, key, ttlMs, loader);
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.#entries.clear();
    return Promise.resolve();
  }

  #live(fullKey: string): Entry | undefined {
    const entry = this.#entries.get(fullKey);
    if (entry && entry.expiresAt <= this.#now()) {
      this.#entries.delete(fullKey);
      return undefined;
    }
    return entry;
  }

  #store(fullKey: string, entry: Entry): void {
    // Re-inserting moves the key to the end of the Map's order, which is what "oldest" means here.
    this.#entries.delete(fullKey);
    if (this.#entries.size >= this.#sweepAt) this.#sweep();
    if (this.#entries.size >= this.#maxEntries) this.#makeRoom();
    this.#entries.set(fullKey, entry);
  }

  #sweep(): void {
    // One pass per doubling: amortized O(1) per write, whatever the ttls.
    const time = this.#now();
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= time) this.#entries.delete(key);
    this.#sweepAt = Math.max(MIN_SWEEP_AT, this.#entries.size * 2);
  }

  #makeRoom(): void {
    // The oldest write goes first; with similar ttls it is also the first to expire, and evicting it is
    // O(1) where sweeping for expired entries would cost a pass over the whole map on every write.
    const oldest = this.#entries.keys().next();
    if (!oldest.done) this.#entries.delete(oldest.value);
  }
}

/** Runs `work` now and reports its result or its throw as a promise, as every `Cache` method must. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => {
    resolve(work());
  });
}
