import { LRUCache } from 'lru-cache';

/** A stored answer: what the client gets on a hit (status 200), and what purges it. */
export interface StoredAnswer {
  headers: Record<string, string | string[]>;
  body: Buffer;
  tags: readonly string[];
  /** Stored under the URL for everybody; false: under one caller's key (see `lookup`). */
  shared: boolean;
  storedAt: number;
  expiresAt: number;
}

export interface EdgeCacheOptions {
  /** Bound on stored bodies and headers, in bytes; the least recently used go first past it. */
  maxBytes: number;
  now?: () => number;
}

/** Counters for the gateway's metrics. */
export interface EdgeCacheStats {
  hits: number;
  misses: number;
  stores: number;
  purged: number;
}

/**
 * The gateway's store of upstream answers, by request URL, purged by tag. Correctness rests on one
 * rule: an answer fetched while any purge happened is not stored (`store` takes the epoch read before
 * the fetch), so a purge racing a miss can never leave the old state behind it.
 */
export class EdgeCache {
  readonly stats: EdgeCacheStats = { hits: 0, misses: 0, stores: 0, purged: 0 };
  readonly #entries: LRUCache<string, StoredAnswer>;
  readonly #byTag = new Map<string, Set<string>>();
  readonly #now: () => number;
  #epoch = 0;

  constructor(options: EdgeCacheOptions) {
    this.#now = options.now ?? Date.now;
    this.#entries = new LRUCache<string, StoredAnswer>({
      maxSize: options.maxBytes,
      sizeCalculation: (answer, key) => sizeOf(key, answer),
      dispose: (answer, key) => {
        this.#untag(key, answer.tags);
      },
    });
  }

  /** Changes at every purge: read it before fetching, hand it to `store`. */
  epoch(): number {
    return this.#epoch;
  }

  /**
   * The live answer stored for `url`, or else for `callerKey` (a caller's own answers are stored under
   * a key naming them), if any: one lookup, one hit or miss counted.
   */
  lookup(url: string, callerKey?: string): StoredAnswer | undefined {
    const answer = this.#live(url) ?? (callerKey === undefined ? undefined : this.#live(callerKey));
    if (answer !== undefined) this.stats.hits++;
    else this.stats.misses++;
    return answer;
  }

  #live(key: string): StoredAnswer | undefined {
    const answer = this.#entries.get(key);
    if (answer === undefined || answer.expiresAt > this.#now()) return answer;
    this.#entries.delete(key);
    return undefined;
  }

  /** Stores an answer fetched since `epoch`, unless a purge happened meanwhile or it is too big. */
  store(
    key: string,
    answer: Pick<StoredAnswer, 'headers' | 'body' | 'tags' | 'shared'>,
    ttlMs: number,
    epoch: number,
  ): boolean {
    if (epoch !== this.#epoch) return false;
    const now = this.#now();
    const stored: StoredAnswer = { ...answer, storedAt: now, expiresAt: now + ttlMs };
    const maxSize = this.#entries.maxSize;
    if (sizeOf(key, stored) > maxSize / 8) return false;
    this.#entries.set(key, stored);
    for (const tag of stored.tags) {
      let keys = this.#byTag.get(tag);
      if (!keys) this.#byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    this.stats.stores++;
    return true;
  }

  /** Drops every answer carrying one of `tags`. */
  purge(tags: readonly string[]): void {
    this.#epoch++;
    for (const tag of tags) {
      const keys = this.#byTag.get(tag);
      if (!keys) continue;
      for (const key of [...keys]) {
        if (this.#entries.delete(key)) this.stats.purged++;
      }
    }
  }

  /** Drops everything (purges may have been missed). */
  clear(): void {
    this.#epoch++;
    this.stats.purged += this.#entries.size;
    this.#entries.clear();
    this.#byTag.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  #untag(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.#byTag.get(tag);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.#byTag.delete(tag);
    }
  }
}

function sizeOf(key: string, answer: Pick<StoredAnswer, 'headers' | 'body' | 'tags'>): number {
  let size = key.length + answer.body.length + 64;
  for (const name in answer.headers) size += name.length + String(answer.headers[name]).length;
  for (const tag of answer.tags) size += tag.length;
  return size;
}
