import { beforeAll, describe, expect, it } from 'vitest';
import { KeyRing } from './key-ring.js';
import { generateSigningKey } from './keys.js';
import type { SigningKey } from './keys.js';

describe('KeyRing', () => {
  let keys: SigningKey[];

  beforeAll(async () => {
    keys = await Promise.all(Array.from({ length: 5 }, () => generateSigningKey()));
  });

  const kids = (ring: KeyRing) => ring.jwks().keys.map((jwk) => jwk.kid);

  it('publishes the current public key with kid, alg and use, and no private part', () => {
    const ring = new KeyRing(keys[0]!);

    expect(ring.jwks()).toEqual({
      keys: [
        { kty: 'OKP', crv: 'Ed25519', x: keys[0]!.publicJwk.x, kid: keys[0]!.kid, alg: 'EdDSA', use: 'sig' },
      ],
    });
    expect(ring.current).toBe(keys[0]);
  });

  it('keeps publishing the replaced key after a rotation, current first', () => {
    const ring = new KeyRing(keys[0]!);

    ring.rotate(keys[1]!);

    expect(ring.current).toBe(keys[1]);
    expect(kids(ring)).toEqual([keys[1]!.kid, keys[0]!.kid]);
  });

  it('keeps only the newest maxPrevious earlier keys', () => {
    const ring = new KeyRing(keys[0]!, { maxPrevious: 2 });

    for (const key of keys.slice(1)) ring.rotate(key);

    expect(kids(ring)).toEqual([keys[4]!.kid, keys[3]!.kid, keys[2]!.kid]);
  });

  it('starts from previously published keys, ignoring a duplicate of the current one', () => {
    const ring = new KeyRing(keys[2]!, {
      previous: [keys[1]!.publicJwk, keys[2]!.publicJwk, keys[0]!.publicJwk],
    });

    expect(kids(ring)).toEqual([keys[2]!.kid, keys[1]!.kid, keys[0]!.kid]);
  });

  it('ignores a rotation to the current key and does not publish a key twice when rotating back', () => {
    const ring = new KeyRing(keys[0]!);

    ring.rotate(keys[0]!);
    expect(kids(ring)).toEqual([keys[0]!.kid]);

    ring.rotate(keys[1]!);
    ring.rotate(keys[0]!);
    expect(kids(ring)).toEqual([keys[0]!.kid, keys[1]!.kid]);
  });

  it('retires an earlier key, e.g. one that leaked', () => {
    const ring = new KeyRing(keys[0]!);
    ring.rotate(keys[1]!);

    ring.retire(keys[0]!.kid);
    ring.retire(keys[1]!.kid);

    expect(kids(ring)).toEqual([keys[1]!.kid]);
  });

  it('returns the same frozen JWKS until the keys change, so verifiers can cache it', () => {
    const ring = new KeyRing(keys[0]!);
    const before = ring.jwks();

    expect(ring.jwks()).toBe(before);
    expect(Object.isFrozen(before)).toBe(true);
    expect(Object.isFrozen(before.keys[0])).toBe(true);

    ring.rotate(keys[1]!);
    expect(ring.jwks()).not.toBe(before);
  });
});
