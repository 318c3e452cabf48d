import { describe, expect, it } from 'vitest';
import { surrogateKeys, surrogateTtlMs } from './surrogate-policy.js';

describe('what the gateway may store', () => {
  it('stores a 200 for the max-age its Surrogate-Control names', () => {
    expect(surrogateTtlMs(200, { 'surrogate-control': 'max-age=300' })).toBe(300_000);
    expect(surrogateTtlMs(200, { 'surrogate-control': 'stale-if-error=5, max-age=2' })).toBe(2_000);
  });

  it('stores nothing the upstream did not opt in, or that is not a 200', () => {
    expect(surrogateTtlMs(200, {})).toBeUndefined();
    expect(surrogateTtlMs(200, { 'cache-control': 'public, s-maxage=60' })).toBeUndefined();
    expect(surrogateTtlMs(404, { 'surrogate-control': 'max-age=300' })).toBeUndefined();
    expect(surrogateTtlMs(200, { 'surrogate-control': 'max-age=0' })).toBeUndefined();
    expect(surrogateTtlMs(200, { 'surrogate-control': 'max-age=abc' })).toBeUndefined();
    expect(surrogateTtlMs(200, { 'surrogate-control': 'max-age=60, no-store' })).toBeUndefined();
  });

  it('never stores an answer that sets a cookie or varies by a request header', () => {
    const control = { 'surrogate-control': 'max-age=60' };
    expect(surrogateTtlMs(200, { ...control, 'set-cookie': 'a=1' })).toBeUndefined();
    expect(surrogateTtlMs(200, { ...control, vary: 'Authorization' })).toBeUndefined();
  });

  it('reads the purge tags of Surrogate-Key, separated by spaces', () => {
    expect(surrogateKeys({ 'surrogate-key': 'product:a  product:b' })).toEqual(['product:a', 'product:b']);
    expect(surrogateKeys({ 'surrogate-key': ['product:a', 'category:x'] })).toEqual([
      'product:a',
      'category:x',
    ]);
    expect(surrogateKeys({})).toEqual([]);
  });
});
