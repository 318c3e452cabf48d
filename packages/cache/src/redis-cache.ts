import type { Redis } from 'ioredis';
import { context, endSpan, SpanKind, startChildSpan, type Tracer } from '@bodega/tracing';
import type { Cache, CacheLoader, CacheStats } from './cache.js';
import { assertTtl, decode, encode } from './codec.js';
import { CacheUnavailableError } from './errors.js';
import { readThrough } from './read-through.js';
import { SingleFlight } from './single-flight.js';

/** Options of {@link RedisCache}. */
export interface RedisCacheOptions {
  /** The connection, usually from `createRedisClient`; other components may share it. */
  client: Redis;
  /** Namespace for keys, `bodega:<service>:`, since services share one Redis. */
  keyPrefix?: string;
  /** Whether `close()` should close the client too: true only when this cache is its sole owner. */
  ownsClient?: boolean;
  /** The service's tracer: each command made inside traced work gets a span (the key prefix, no values). */
  tracer?: Tracer | undefined;
}

// Same as INCR then `PEXPIRE key ttl NX`, but atomic and without needing Redis 7: the window starts at the
// first increment and is never extended. Checking PTTL rather than `count == 1` also heals a counter that
// somehow lost its expiry, which would otherwise never reset.
const INCR_WITH_WINDOW = `
local count = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

const DOWN = new Set(['close', 'reconnecting', 'end']);

/** The distributed-mode cache: shared by every replica of a service through Redis. */
export class RedisCache implements Cache {
  readonly client: Redis;
  readonly keyPrefix: string;
  readonly stats: CacheStats = { hits: 0, misses: 0, errors: 0 };
  readonly #ownsClient: boolean;
  readonly #flights = new SingleFlight();
  readonly #tracer: Tracer | undefined;

  constructor(options: RedisCacheOptions) {
    this.client = options.client;
    this.keyPrefix = options.keyPrefix ?? '';
    this.#ownsClient = options.ownsClient ?? false;
    this.#tracer = options.tracer;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const json = await this.#call('GET', () => this.client.get(this.keyPrefix + key));
    if (json === null) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    return decode(json) as T;
  }

  async getMany<T>(keys: string[]): Promise<(T | undefined)[]> {
    if (keys.length === 0) return [];
    const values = await this.#call('MGET', () =>
      this.client.mget(...keys.map((key) => this.keyPrefix + key)),
    );
    return values.map((json) => {
      if (json === null) {
        this.stats.misses++;
        return undefined;
      }
      this.stats.hits++;
      return decode(json) as T;
    });
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    assertTtl(ttlMs);
    const json = encode(value);
    await this.#call('SET', () => this.client.set(this.keyPrefix + key, json, 'PX', ttlMs));
  }

  async delete(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.#call('DEL', () => this.client.del(...keys.map((key) => this.keyPrefix + key)));
  }

  async incr(key: string, ttlMs: number): Promise<number> {
    assertTtl(ttlMs);
    const count = await this.#call('EVAL', () =>
      this.client.eval(INCR_WITH_WINDOW, 1, this.keyPrefix + key, ttlMs),
    );
    return Number(count);
  }

  getOrLoad<T>(key: string, ttlMs: number, loader: CacheLoader<T>): Promise<T> {
    return readThrough(this, this.#flights, key, ttlMs, loader);
  }

  async ping(): Promise<void> {
    // While the client is between reconnect attempts a queued PING would wait them out; readiness wants
    // the answer now. A first connection still in progress is worth waiting for (bounded by the timeout).
    if (DOWN.has(this.client.status)) {
      throw new CacheUnavailableError(`redis connection is ${this.client.status}`);
    }
    await this.#call('PING', () => this.client.ping());
  }

  async close(): Promise<void> {
    if (!this.#ownsClient) return;
    if (this.client.status === 'ready') {
      await this.client.quit().catch(() => {
        this.client.disconnect();
      });
    } else {
      // QUIT cannot be sent without a connection; stop the reconnect loop instead.
      this.client.disconnect();
    }
  }

  async #call<R>(name: string, command: () => Promise<R>): Promise<R> {
    const traced =
      this.#tracer &&
      startChildSpan(this.#tracer, name, {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system.name': 'redis', 'db.operation.name': name, 'db.namespace': this.keyPrefix },
      });
    try {
      const result = traced ? await context.with(traced.context, command) : await command();
      if (traced) endSpan(traced.span);
      return result;
    } catch (error) {
      if (traced) endSpan(traced.span, error);
      // A reply error is Redis refusing the command (e.g. INCR on a JSON object): a bug, not an outage.
      if (error instanceof Error && error.name === 'ReplyError') throw error;
      this.stats.errors++;
      throw new CacheUnavailableError('redis did not answer', { cause: error });
    }
  }
}
