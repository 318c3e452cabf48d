import { once } from 'node:events';
import { createServer } from 'node:net';
import { realBackends, uniqueSuffix } from '@bodega/testing';
import { describe, expect, it } from 'vitest';
import { CacheUnavailableError } from './errors.js';
import { RedisCache } from './redis-cache.js';
import { createRedisClient } from './redis-client.js';

/** A Redis URL where nothing listens: a real client facing a real outage, no mock. */
async function unreachableRedisUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return `redis://127.0.0.1:${port}`;
}

describe('RedisCache when Redis is down', () => {
  async function downCache(): Promise<RedisCache> {
    const client = createRedisClient(await unreachableRedisUrl(), { onError: () => undefined });
    return new RedisCache({ client, keyPrefix: 'bodega:test:', ownsClient: true });
  }

  it('fails its readiness ping, then fails it at once while reconnecting', async () => {
    const cache = await downCache();
    await expect(cache.ping()).rejects.toThrow(CacheUnavailableError);
    expect(cache.client.status).toBe('reconnecting');
    await expect(cache.ping()).rejects.toThrow('redis connection is reconnecting');
    await cache.close();
  });

  it('reports every operation as unavailable, and counts each as an error', async () => {
    const cache = await downCache();
    const operations = [cache.get('k'), cache.set('k', 1, 1_000), cache.delete('k'), cache.incr('n', 1_000)];
    for (const operation of operations) await expect(operation).rejects.toThrow(CacheUnavailableError);
    expect(cache.stats).toEqual({ hits: 0, misses: 0, errors: 4 });
    await cache.close();
  });

  it('still answers getOrLoad from the loader, so the service keeps working', async () => {
    const cache = await downCache();
    expect(await cache.getOrLoad('k', 1_000, () => Promise.resolve('from the database'))).toBe(
      'from the database',
    );
    await cache.close();
  });

  it('stops reconnecting once closed', async () => {
    const cache = await downCache();
    await expect(cache.get('k')).rejects.toThrow(CacheUnavailableError);
    await cache.close();
    let attempts = 0;
    cache.client.on('connecting', () => (attempts += 1));
    // Longer than ioredis's first retry delays (50, 100, 150 ms): a live reconnect loop would show here.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(attempts).toBe(0);
  });
});

describe.runIf(realBackends().redis)('RedisCache and its client', () => {
  const url = realBackends().redis!;

  it('leaves a client it does not own open when closed', async () => {
    const client = createRedisClient(url);
    const cache = new RedisCache({ client, keyPrefix: `bodega:test:${uniqueSuffix()}:` });
    await cache.ping();
    await cache.close();
    expect(client.status).toBe('ready');
    await client.quit();
  });

  it('closes a client it owns', async () => {
    const client = createRedisClient(url, { connectionName: 'bodega-test' });
    const cache = new RedisCache({ client, ownsClient: true });
    await cache.ping();
    expect(await client.client('GETNAME')).toBe('bodega-test');
    const ended = once(client, 'end');
    await cache.close();
    await ended;
  });
});
