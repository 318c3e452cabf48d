import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createCache, redisClientOf } from './create-cache.js';
import { MemoryCache } from './memory-cache.js';
import { RedisCache } from './redis-cache.js';

describe('createCache', () => {
  it('gives the memory cache when no Redis URL is configured', async () => {
    const cache = createCache({ url: undefined, prefix: 'bodega:catalog:', maxEntries: 5 });
    expect(cache).toBeInstanceOf(MemoryCache);
    expect(cache.keyPrefix).toBe('bodega:catalog:');
    expect(redisClientOf(cache)).toBeUndefined();
    await cache.close();
  });

  it('gives the Redis cache, sharing its client, when a Redis URL is configured', async () => {
    // Port 1 refuses connections: this checks the wiring only, and closing must still stop the client.
    const cache = createCache({
      url: 'redis://127.0.0.1:1',
      prefix: 'bodega:gateway:',
      redis: { onError: () => undefined },
    });
    expect(cache).toBeInstanceOf(RedisCache);
    expect(cache.keyPrefix).toBe('bodega:gateway:');
    const client = redisClientOf(cache);
    expect(client).toBeDefined();
    expect(client).toBe(redisClientOf(cache));
    const ended = once(client!, 'end');
    await cache.close();
    await ended;
  });
});
