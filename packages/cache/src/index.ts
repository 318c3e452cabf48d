/**
 * The cache port and its two implementations: memory (embedded mode) and Redis (distributed mode).
 * Services call `createCache({ url: config.REDIS_URL, prefix: 'bodega:<service>:' })` and use the `Cache`
 * interface only.
 */
export type { Cache, CacheLoader, CacheStats } from './cache.js';
export { CacheUnavailableError } from './errors.js';
export { MemoryCache, type MemoryCacheOptions } from './memory-cache.js';
export { RedisCache, type RedisCacheOptions } from './redis-cache.js';
export { createRedisClient, type RedisClientOptions } from './redis-client.js';
export { createCache, redisClientOf, type CreateCacheOptions } from './create-cache.js';
export { SingleFlight } from './single-flight.js';
export { broadcastOf, type Broadcast, type BroadcastListener, type Subscription } from './broadcast.js';
