import { describe, expect, it } from 'vitest';
import { EdgeCache } from './edge-cache.js';

const answer = (body: string, tags: string[]) => ({
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(body),
  tags,
  shared: true,
});

function cacheAt(start = 1_000) {
  const clock = { now: start };
  const cache = new EdgeCache({ maxBytes: 1_000_000, now: () => clock.now });
  return { cache, clock };
}

describe('the edge cache', () => {
  it('answers a stored answer until its time is up', () => {
    const { cache, clock } = cacheAt();
    expect(cache.store('/p/1', answer('one', ['product:1']), 5_000, cache.epoch())).toBe(true);
    expect(cache.lookup('/p/1')?.body.toString()).toBe('one');
    clock.now += 5_000;
    expect(cache.lookup('/p/1')).toBeUndefined();
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1, stores: 1 });
  });

  it("keeps a caller's own answer apart: found only with their key, purged by their tag", () => {
    const { cache } = cacheAt();
    const mine = '/me\nBearer a';
    cache.store(mine, { ...answer('me', ['user:1']), shared: false }, 60_000, cache.epoch());
    expect(cache.lookup('/me')).toBeUndefined();
    expect(cache.lookup('/me', '/me\nBearer b')).toBeUndefined();
    expect(cache.lookup('/me', mine)?.body.toString()).toBe('me');
    // A shared answer under the URL comes first; one hit or miss is counted per lookup.
    cache.store('/me', answer('everybody', []), 60_000, cache.epoch());
    expect(cache.lookup('/me', mine)?.body.toString()).toBe('everybody');
    expect(cache.stats).toMatchObject({ hits: 2, misses: 2 });
    cache.purge(['user:1']);
    cache.purge(['nothing']);
    expect(cache.lookup('/p', mine)).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('drops every answer carrying a purged tag, and only those', () => {
    const { cache } = cacheAt();
    cache.store('/p/1', answer('one', ['product:1']), 60_000, cache.epoch());
    cache.store('/p/one', answer('one by slug', ['product:1']), 60_000, cache.epoch());
    cache.store('/p/2', answer('two', ['product:2']), 60_000, cache.epoch());
    cache.purge(['product:1']);
    expect(cache.lookup('/p/1')).toBeUndefined();
    expect(cache.lookup('/p/one')).toBeUndefined();
    expect(cache.lookup('/p/2')?.body.toString()).toBe('two');
    expect(cache.stats.purged).toBe(2);
  });

  it('when a purge lands while an answer is being fetched, does not store that answer', () => {
    const { cache } = cacheAt();
    const before = cache.epoch();
    cache.purge(['product:9']);
    expect(cache.store('/p/1', answer('maybe old', ['product:1']), 60_000, before)).toBe(false);
    expect(cache.lookup('/p/1')).toBeUndefined();
  });

  it('forgets everything on clear, and stores again afterwards', () => {
    const { cache } = cacheAt();
    cache.store('/p/1', answer('one', ['product:1']), 60_000, cache.epoch());
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.store('/p/1', answer('one again', ['product:1']), 60_000, cache.epoch())).toBe(true);
    expect(cache.lookup('/p/1')?.body.toString()).toBe('one again');
  });

  it('stays within its bytes, dropping the least recently used, and keeps its tag index exact', () => {
    const cache = new EdgeCache({ maxBytes: 4_000 });
    const big = 'x'.repeat(300);
    for (let i = 0; i < 40; i++) cache.store(`/p/${i}`, answer(big, [`product:${i}`]), 60_000, cache.epoch());
    expect(cache.size).toBeLessThan(40);
    expect(cache.lookup('/p/39')).toBeDefined();
    expect(cache.lookup('/p/0')).toBeUndefined();
    // An evicted entry's tag no longer names it: purging it drops nothing.
    const purgedBefore = cache.stats.purged;
    cache.purge(['product:0']);
    expect(cache.stats.purged).toBe(purgedBefore);
  });

  it('refuses an answer bigger than an eighth of its memory', () => {
    const cache = new EdgeCache({ maxBytes: 8_000 });
    expect(cache.store('/huge', answer('x'.repeat(2_000), []), 60_000, cache.epoch())).toBe(false);
  });

  it('replacing an answer re-tags it', () => {
    const { cache } = cacheAt();
    cache.store('/p/1', answer('v1', ['product:1', 'old-tag']), 60_000, cache.epoch());
    cache.store('/p/1', answer('v2', ['product:1']), 60_000, cache.epoch());
    cache.purge(['old-tag']);
    expect(cache.lookup('/p/1')?.body.toString()).toBe('v2');
  });
});
