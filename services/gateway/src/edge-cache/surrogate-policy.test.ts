import { describe, expect, it } from 'vitest';
import { surrogateKeys, surrogatePolicy } from './surrogate-policy.js';

describe('what the gateway may store', () => {
  it('stores a 200 for the max-age its Surrogate-Control names', () => {
    expect(surrogatePolicy(200, { 'surrogate-control': 'max-age=300' })).toEqual({
      ttlMs: 300_000,
      scope: 'shared',
    });
    expect(surrogatePolicy(200, { 'surrogate-control': 'stale-if-error=5, max-age=2' })?.ttlMs).toBe(2_000);
  });

  it('stores nothing the upstream did not opt in, or that is not a 200', () => {
    expect(surrogatePolicy(200, {})).toBeUndefined();
    expect(surrogatePolicy(200, { 'cache-control': 'public, s-maxage=60' })).toBeUndefined();
    expect(surrogatePolicy(404, { 'surrogate-control': 'max-age=300' })).toBeUndefined();
    expect(surrogatePolicy(200, { 'surrogate-control': 'max-age=0' })).toBeUndefined();
    expect(surrogatePolicy(200, { 'surrogate-control': 'max-age=abc' })).toBeUndefined();
    expect(surrogatePolicy(200, { 'surrogate-control': 'max-age=60, no-store' })).toBeUndefined();
  });

  it('never stores an answer that sets a cookie or varies by a request header other than Authorization', () => {
    const control = { 'surrogate-control': 'max-age=60' };
    expect(surrogatePolicy(200, { ...control, 'set-cookie': 'a=1' })).toBeUndefined();
    expect(surrogatePolicy(200, { ...control, vary: 'Accept-Encoding' })).toBeUndefined();
    expect(surrogatePolicy(200, { ...control, vary: 'Authorization, Cookie' })).toBeUndefined();
    expect(surrogatePolicy(200, { ...control, vary: '*' })).toBeUndefined();
  });

  it('keeps an answer that varies by Authorization alone for its caller only', () => {
    const control = { 'surrogate-control': 'max-age=60' };
    expect(surrogatePolicy(200, { ...control, vary: 'Authorization' })).toEqual({
      ttlMs: 60_000,
      scope: 'caller',
    });
    expect(surrogatePolicy(200, { ...control, vary: ' authorization ' })?.scope).toBe('caller');
    expect(surrogatePolicy(200, { ...control, vary: 'Authorization', 'set-cookie': 'a=1' })).toBeUndefined();
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
