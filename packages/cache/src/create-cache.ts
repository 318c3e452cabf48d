import type { Redis } from 'ioredis';
import type { Tracer } from '@bodega/tracing';
import type { Cache } from './cache.js';
import { MemoryCache } from './memory-cache.js';
import { RedisCache } from './redis-cache.js';
import { createRedisClient, type RedisClientOptions } from './redis-client.js';

/** Options of {@link createCache}. */
export interface CreateCacheOptions {
  /** `REDIS_URL`: Redis when set (distributed mode), memory otherwise (embedded mode). */
  url?: string | undefined;
  /** Namespace for this service's keys, by convention `bodega:<service>:`. */
  prefix: string;
  /** Bound on entries of the memory cache. */
  maxEntries?: number;
  /** Options of the Redis client the cache opens. */
  redis?: RedisClientOptions;
  /** The service's tracer: Redis commands made inside traced work get spans (the memory cache makes none). */
  tracer?: Tracer | undefined;
}

/**
 * The cache for the current mode. With a URL the cache opens, and on `close()` closes, its own Redis
 * client; reach it with {@link redisClientOf} to share the connection (the gateway's rate limiter does).
 */
export function createCache(options: CreateCacheOptions): Cache {
  if (options.url) {
    const client = createRedisClient(options.url, options.redis);
    return new RedisCache({ client, keyPrefix: options.prefix, ownsClient: true, tracer: options.tracer });
  }
  return new MemoryCache({
    keyPrefix: options.prefix,
    ...(options.maxEntries === undefined ? {} : { maxEntries: options.maxEntries }),
  });
}

/**
 * The Redis client behind `cache`, or `undefined` in embedded mode. A component sharing it must not
 * close it: the cache does, so close the cache last.
 */
export function redisClientOf(cache: Cache): Redis | undefined {
  return cache instanceof RedisCache ? cache.client : undefined;
}
