import { describe, expect, it } from 'vitest';
import { MemoryCache, type Cache } from '@bodega/cache';
import { silentLogger } from '@bodega/logging';
import { searchGeneration } from './generation.js';

const at = (ms: number) => () => new Date(ms);

describe('the search cache generation', () => {
  it('starts from the clock, not from 1, and moves on with every bump', async () => {
    const cache = new MemoryCache({ keyPrefix: 't:' });
    const generation = searchGeneration(cache, silentLogger(), at(1_000_000));
    expect(await generation.current()).toBe(1_000_000);
    await generation.bump();
    await generation.bump();
    expect(await generation.current()).toBe(1_000_002);
  });

  it('restarts from the clock when the counter vanished, never reusing a small number', async () => {
    const cache = new MemoryCache({ keyPrefix: 't:' });
    const generation = searchGeneration(cache, silentLogger(), at(5_000_000));
    await generation.bump();
    expect(await generation.current()).toBe(5_000_000);
  });

  it('survives a cache that fails to bump: the change is committed, results expire by their TTL', async () => {
    const broken = {
      incr: () => Promise.reject(new Error('redis down')),
    } as unknown as Cache;
    await expect(searchGeneration(broken, silentLogger(), at(1)).bump()).resolves.toBeUndefined();
  });
});
