import { describe, expect, it } from 'vitest';
import { MemoryCache } from './memory-cache.js';

function clock(start = 1_000): { now: () => number; advance(ms: number): void } {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

describe('MemoryCache', () => {
  it('serves a value until the exact millisecond its ttl ends', async () => {
    const time = clock();
    const cache = new MemoryCache({ now: time.now });
    await cache.set('k', 'v', 100);
    time.advance(99);
    expect(await cache.get('k')).toBe('v');
    time.advance(1);
    expect(await cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('restarts a counter once its window is over', async () => {
    const time = clock();
    const cache = new MemoryCache({ now: time.now });
    await cache.incr('n', 100);
    await cache.incr('n', 100);
    time.advance(100);
    expect(await cache.incr('n', 100)).toBe(1);
  });

  it('when full, evicts the entry written longest ago', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.set('a', 1, 60_000);
    await cache.set('b', 2, 60_000);
    await cache.set('a', 10, 60_000);
    await cache.set('c', 3, 60_000);
    expect(cache.size).toBe(2);
    expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual([10, undefined, 3]);
  });

  it('prefixes keys like Redis does, so the prefix is part of what it holds', async () => {
    const cache = new MemoryCache({ keyPrefix: 'bodega:catalog:' });
    await cache.set('product:1', 'mug', 60_000);
    expect(cache.keyPrefix).toBe('bodega:catalog:');
    expect(await cache.get('product:1')).toBe('mug');
  });

  it('refuses a bound that is not a positive whole number or Infinity', () => {
    expect(() => new MemoryCache({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => new MemoryCache({ maxEntries: 1.5 })).toThrow(RangeError);
    expect(() => new MemoryCache({ maxEntries: Number.NaN })).toThrow(RangeError);
    expect(new MemoryCache().evictsLiveEntries).toBe(true);
    expect(new MemoryCache({ maxEntries: Infinity }).evictsLiveEntries).toBe(false);
  });

  it('without a count bound keeps every live entry, and sweeps the expired ones once it has doubled', async () => {
    const time = clock();
    const cache = new MemoryCache({ maxEntries: Infinity, now: time.now });
    await cache.set('first', 1, 1_000);
    for (let i = 0; i < 1_500; i++) await cache.set(`short-${i}`, i, 10);
    for (let i = 0; i < 20_000; i++) await cache.set(`live-${i}`, i, 1_000);
    expect(await cache.get('first')).toBe(1);
    expect(cache.size).toBe(21_501);
    time.advance(10);
    for (let i = 0; i < 20_000; i++) await cache.set(`more-${i}`, i, 1_000);
    // The 1,500 never read again are gone; none of the live ones is.
    expect(cache.size).toBe(40_001);
  });

  it('drops everything when closed', async () => {
    const cache = new MemoryCache();
    await cache.set('k', 'v', 60_000);
    await cache.close();
    expect(cache.size).toBe(0);
  });
});
