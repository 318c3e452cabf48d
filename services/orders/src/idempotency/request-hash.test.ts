import { describe, expect, it } from 'vitest';
import { canonicalJson, isIdempotencyKey, requestHash } from './request-hash.js';

describe('request fingerprints for idempotency keys', () => {
  it('writes the same canonical JSON whatever the key order and spacing', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 2, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"y":null,"z":2}]},"b":1}',
    );
    expect(canonicalJson({ a: undefined, b: true })).toBe('{"b":true}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('hashes method, path and body: a different body, path or method is a different request', () => {
    const body = { items: [{ product_id: 'p', quantity: 1 }], payment: { card_number: '4242' } };
    const same = requestHash('post', '/api/v1/orders', JSON.parse(JSON.stringify(body)));
    expect(requestHash('POST', '/api/v1/orders', body)).toBe(same);
    expect(requestHash('POST', '/api/v1/orders', { ...body, promo_code: 'X' })).not.toBe(same);
    expect(requestHash('POST', '/api/v1/checkout', body)).not.toBe(same);
    expect(same).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts keys of 1 to 255 visible ASCII characters only', () => {
    expect(isIdempotencyKey('a')).toBe(true);
    expect(isIdempotencyKey('order-2026-01-15/#1~')).toBe(true);
    expect(isIdempotencyKey('k'.repeat(255))).toBe(true);
    expect(isIdempotencyKey('k'.repeat(256))).toBe(false);
    expect(isIdempotencyKey('')).toBe(false);
    expect(isIdempotencyKey('with space')).toBe(false);
    expect(isIdempotencyKey('café')).toBe(false);
    expect(isIdempotencyKey(undefined)).toBe(false);
    expect(isIdempotencyKey(['a', 'b'])).toBe(false);
  });
});
