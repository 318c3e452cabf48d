import { setTimeout as sleep } from 'node:timers/promises';
import { MemoryCache, RedisCache, createRedisClient, type Cache } from '@bodega/cache';
import { realBackends, uniqueSuffix } from '@bodega/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

/** What every test of one implementation shares: a connection, and caches opened over it. */
interface Backend {
  name: string;
  open(): { cacheFor(prefix: string): Cache; close(): Promise<void> };
}

// One namespace per run, so parallel runs against the same Redis never see each other's keys.
const runPrefix = `bodega:test:cache:${uniqueSuffix()}:`;
const redisUrl = realBackends().redis;

const backends: Backend[] = [
  {
    name: 'memory',
    open: () => ({
      cacheFor: (prefix) => new MemoryCache({ keyPrefix: prefix }),
      close: () => Promise.resolve(),
    }),
  },
];
if (redisUrl) {
  backends.push({
    name: 'redis',
    open: () => {
      const client = createRedisClient(redisUrl);
      return {
        cacheFor: (prefix) => new RedisCache({ client, keyPrefix: prefix }),
        close: async () => {
          const keys = await client.keys(`${runPrefix}*`);
          if (keys.length > 0) await client.del(...keys);
          await client.quit();
        },
      };
    },
  });
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

describe.each(backends)('the $name cache', (backend) => {
  let backendHandle: ReturnType<Backend['open']>;
  let cache: Cache;
  let testNumber = 0;

  beforeAll(() => {
    backendHandle = backend.open();
  });
  afterAll(() => backendHandle.close());
  beforeEach(() => {
    testNumber += 1;
    cache = backendHandle.cacheFor(`${runPrefix}${testNumber}:`);
  });
  afterEach(() => cache.close());

  it('answers undefined for a key never set, and counts a miss', async () => {
    expect(await cache.get('absent')).toBeUndefined();
    expect(cache.stats).toMatchObject({ hits: 0, misses: 1 });
  });

  it('gives back what was set, as JSON, and counts a hit', async () => {
    const value = { name: 'Mug', price: { amount: 1999, currency: 'USD' }, tags: ['a', 'b'], active: true };
    await cache.set('product', value, 60_000);
    expect(await cache.get('product')).toEqual(value);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 0 });
  });

  it('reads several keys in one call, in order, with undefined for the missing ones', async () => {
    await cache.set('a', 1, 60_000);
    await cache.set('c', { three: 3 }, 60_000);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([1, undefined, { three: 3 }]);
    expect(await cache.getMany([])).toEqual([]);
    expect(cache.stats).toMatchObject({ hits: 2, misses: 1 });
  });

  it('hands out copies, so mutating a result does not change the cached value', async () => {
    await cache.set('list', [1, 2], 60_000);
    const first = await cache.get<number[]>('list');
    first!.push(3);
    expect(await cache.get('list')).toEqual([1, 2]);
  });

  it('stores what JSON makes of a value: a date as its ISO string', async () => {
    await cache.set('when', { at: new Date('2026-01-15T10:00:00Z') }, 60_000);
    expect(await cache.get('when')).toEqual({ at: '2026-01-15T10:00:00.000Z' });
  });

  it('tells a cached null apart from a missing key', async () => {
    await cache.set('nothing', null, 60_000);
    expect(await cache.get('nothing')).toBeNull();
  });

  it('forgets a value once its ttl has passed', async () => {
    await cache.set('brief', 'x', 30);
    await sleep(80);
    expect(await cache.get('brief')).toBeUndefined();
  });

  it('replaces a value and its ttl when set again', async () => {
    await cache.set('key', 'old', 30);
    await cache.set('key', 'new', 60_000);
    await sleep(80);
    expect(await cache.get('key')).toBe('new');
  });

  it('deletes several keys at once and ignores absent ones', async () => {
    await cache.set('a', 1, 60_000);
    await cache.set('b', 2, 60_000);
    await cache.set('c', 3, 60_000);
    await cache.delete('a', 'b', 'never-set');
    await cache.delete();
    expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual([
      undefined,
      undefined,
      3,
    ]);
  });

  it('keeps caches with different prefixes apart', async () => {
    const other = backendHandle.cacheFor(`${runPrefix}${testNumber}:other:`);
    await cache.set('shared-name', 'mine', 60_000);
    expect(await other.get('shared-name')).toBeUndefined();
    expect(other.keyPrefix).toBe(`${runPrefix}${testNumber}:other:`);
    await other.close();
  });

  it('refuses a ttl that is not a positive whole number of milliseconds', async () => {
    for (const ttl of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(cache.set('key', 1, ttl)).rejects.toThrow(RangeError);
      await expect(cache.incr('key', ttl)).rejects.toThrow(RangeError);
      await expect(cache.getOrLoad('key', ttl, () => Promise.resolve(1))).rejects.toThrow(RangeError);
    }
  });

  it('refuses a value JSON cannot hold', async () => {
    await expect(cache.set('key', undefined, 60_000)).rejects.toThrow(TypeError);
  });

  describe('incr', () => {
    it('counts from one, and the count reads back as a number', async () => {
      expect(await cache.incr('hits', 60_000)).toBe(1);
      expect(await cache.incr('hits', 60_000)).toBe(2);
      expect(await cache.get('hits')).toBe(2);
    });

    it('starts the window at the first increment and never extends it', async () => {
      expect(await cache.incr('window', 300)).toBe(1);
      await sleep(180);
      expect(await cache.incr('window', 300)).toBe(2);
      await sleep(180);
      // 360 ms after the first increment: the window closed even though the last increment was 180 ms ago.
      expect(await cache.incr('window', 300)).toBe(1);
    });

    it('loses no increment when many arrive at once', async () => {
      const counts = await Promise.all(Array.from({ length: 50 }, () => cache.incr('burst', 60_000)));
      expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('keeps the ttl of a value that was set before counting', async () => {
      await cache.set('preset', 5, 30);
      expect(await cache.incr('preset', 60_000)).toBe(6);
      await sleep(80);
      expect(await cache.get('preset')).toBeUndefined();
    });

    it('refuses to count a value that is not an integer', async () => {
      await cache.set('doc', { a: 1 }, 60_000);
      await expect(cache.incr('doc', 60_000)).rejects.toThrow(/not an integer/);
    });
  });

  describe('getOrLoad', () => {
    it('loads a cold key once, then serves it from the cache', async () => {
      let loads = 0;
      const loader = () => Promise.resolve({ n: ++loads });
      expect(await cache.getOrLoad('cold', 60_000, loader)).toEqual({ n: 1 });
      expect(await cache.getOrLoad('cold', 60_000, loader)).toEqual({ n: 1 });
      expect(await cache.get('cold')).toEqual({ n: 1 });
      expect(loads).toBe(1);
    });

    it('when a hundred requests hit the same cold key at once, loads it once for all of them', async () => {
      let loads = 0;
      const gate = deferred<string>();
      const loader = () => {
        loads += 1;
        return gate.promise;
      };
      const callers = Array.from({ length: 100 }, () => cache.getOrLoad('hot', 60_000, loader));
      gate.resolve('value');
      expect(new Set(await Promise.all(callers))).toEqual(new Set(['value']));
      expect(loads).toBe(1);
    });

    it('gives a failed load to every waiting caller, caches nothing, and loads again next time', async () => {
      let loads = 0;
      const gate = deferred<undefined>();
      const failingLoader = async (): Promise<string> => {
        loads += 1;
        await gate.promise;
        throw new Error('database down');
      };
      const callers = [1, 2, 3].map(() => cache.getOrLoad('flaky', 60_000, failingLoader));
      gate.resolve(undefined);
      for (const caller of callers) await expect(caller).rejects.toThrow('database down');
      expect(loads).toBe(1);
      expect(await cache.get('flaky')).toBeUndefined();
      expect(await cache.getOrLoad('flaky', 60_000, () => Promise.resolve('recovered'))).toBe('recovered');
    });

    it('does not cache a loader answering undefined', async () => {
      await expect(
        cache.getOrLoad('void', 60_000, () => Promise.resolve(undefined)),
      ).resolves.toBeUndefined();
      expect(await cache.getOrLoad('void', 60_000, () => Promise.resolve('later'))).toBe('later');
    });

    it('surfaces a loaded value JSON cannot hold instead of hiding it as a cache outage', async () => {
      await expect(cache.getOrLoad('big', 60_000, () => Promise.resolve(10n))).rejects.toThrow(TypeError);
    });

    it('loads again once the cached value expired', async () => {
      await cache.getOrLoad('short', 30, () => Promise.resolve('first'));
      await sleep(80);
      expect(await cache.getOrLoad('short', 30, () => Promise.resolve('second'))).toBe('second');
    });
  });

  it('answers a ping when its backend is up', async () => {
    await expect(cache.ping()).resolves.toBeUndefined();
  });
});
