import { describe, expect, it } from 'vitest';
import {
  formatServicePublicKeys,
  generateServicePrivateKey,
  importServicePrivateKey,
  parseServicePublicKeys,
} from './service-keys.js';

const invalidKey = expect.objectContaining({ kind: 'internal', code: 'INVALID_SERVICE_KEY' });

describe('service keys', () => {
  it('are 32 bytes of base64url each way, the public one derived from the private one', () => {
    const privateKey = generateServicePrivateKey();
    const { publicKey } = importServicePrivateKey(privateKey);

    expect(privateKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(importServicePrivateKey(`${privateKey}\n`).publicKey).toBe(publicKey);
    expect(formatServicePublicKeys({ orders: privateKey })).toBe(`orders:${publicKey}`);
  });

  it('derive per-purpose secrets that only the holder of the private key can compute', () => {
    const key = importServicePrivateKey(generateServicePrivateKey());
    const other = importServicePrivateKey(generateServicePrivateKey());

    expect(key.derive('search-cursor')).toHaveLength(32);
    expect(key.derive('search-cursor')).toEqual(key.derive('search-cursor'));
    expect(key.derive('search-cursor')).not.toEqual(key.derive('another'));
    expect(key.derive('search-cursor')).not.toEqual(other.derive('search-cursor'));
  });

  it('parse SERVICE_PUBLIC_KEYS with spaces and a rotating second key', () => {
    const [a, b, c] = [1, 2, 3].map(() => importServicePrivateKey(generateServicePrivateKey()).publicKey);
    const keys = parseServicePublicKeys(` gateway:${a}, orders:${b} ,orders:${c},`);

    expect([...keys.keys()]).toEqual(['gateway', 'orders']);
    expect(keys.get('orders')).toHaveLength(2);
  });

  it.each([
    ['a short private key', 'c2hvcnQ'],
    ['a PEM', '-----BEGIN PRIVATE KEY-----'],
  ])('refuse %s', (_, value) => {
    expect(() => importServicePrivateKey(value)).toThrow(invalidKey);
  });

  it.each([
    ['no name', ':AAAA'],
    ['a capitalised name', `Orders:${'A'.repeat(43)}`],
    ['a short key', 'orders:AAAA'],
    ['a stray colon', `orders:${'A'.repeat(43)}:x`],
  ])('refuse public keys with %s, naming the entry', (_, value) => {
    expect(() => parseServicePublicKeys(value)).toThrow(invalidKey);
  });
});
