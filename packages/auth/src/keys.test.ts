import { calculateJwkThumbprint, exportPKCS8, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { signAccessToken } from './access-token.js';
import { KeyRing } from './key-ring.js';
import { exportSigningKey, generateSigningKey, importSigningKey, importSigningKeyFromPem } from './keys.js';
import type { SigningKey } from './keys.js';
import { createVerifier } from './verifier.js';

/** Proves `key` signs tokens that verify against `publicOf`'s published key. */
async function signsFor(key: SigningKey, publicOf: SigningKey) {
  const token = await signAccessToken(new KeyRing(key), { sub: 'u1', role: 'customer', sid: 's1' });
  const verifier = createVerifier({ jwks: { keys: [publicOf.publicJwk] } });
  return verifier.verify(token);
}

describe('signing keys', () => {
  it('generates an Ed25519 key whose kid is its RFC 7638 thumbprint', async () => {
    const key = await generateSigningKey(new Date('2026-01-15T10:00:00Z'));

    expect(key.publicJwk).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: expect.any(String),
      kid: key.kid,
      alg: 'EdDSA',
      use: 'sig',
    });
    expect(key.kid).toBe(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: key.publicJwk.x }));
    expect(key.createdAt.toISOString()).toBe('2026-01-15T10:00:00.000Z');
    await expect(signsFor(key, key)).resolves.toMatchObject({ user_id: 'u1' });
  });

  it('survives a JSON round trip and still signs for the same public key', async () => {
    const original = await generateSigningKey();
    const exported = await exportSigningKey(original);
    const restored = await importSigningKey(JSON.parse(JSON.stringify(exported)));

    expect(exported.publicJwk).not.toHaveProperty('d');
    expect(exported.privateJwk).toHaveProperty('d');
    expect(restored.kid).toBe(original.kid);
    expect(restored.publicJwk).toEqual(original.publicJwk);
    expect(restored.createdAt).toEqual(original.createdAt);
    await expect(signsFor(restored, original)).resolves.toMatchObject({ role: 'customer' });
  });

  it.each([
    ['not an object', 'key'],
    ['an array', []],
    ['without kid', { privateJwk: {} }],
    [
      'with a P-256 key',
      { kid: 'k', privateJwk: { kty: 'EC', crv: 'P-256', d: 'x' }, created_at: '2026-01-01T00:00:00Z' },
    ],
    ['without the private part', { kid: 'k', privateJwk: { kty: 'OKP', crv: 'Ed25519', x: 'x' } }],
  ])('rejects a stored key %s', async (_, json) => {
    await expect(importSigningKey(json)).rejects.toMatchObject({
      code: 'INVALID_SIGNING_KEY',
      kind: 'internal',
    });
  });

  it('rejects a stored key with a bad timestamp, garbage key material or a mismatched public key', async () => {
    const exported = await exportSigningKey(await generateSigningKey());
    const other = await exportSigningKey(await generateSigningKey());

    await expect(importSigningKey({ ...exported, created_at: 'yesterday' })).rejects.toMatchObject({
      code: 'INVALID_SIGNING_KEY',
    });
    await expect(importSigningKey({ ...exported, created_at: undefined })).rejects.toMatchObject({
      code: 'INVALID_SIGNING_KEY',
    });
    await expect(
      importSigningKey({ ...exported, privateJwk: { ...exported.privateJwk, d: 'AAAA' } }),
    ).rejects.toMatchObject({ code: 'INVALID_SIGNING_KEY' });
    await expect(importSigningKey({ ...exported, publicJwk: other.publicJwk })).rejects.toMatchObject({
      code: 'INVALID_SIGNING_KEY',
      message: 'Invalid signing key: publicJwk does not match privateJwk',
    });
  });

  describe('from a PKCS#8 PEM', () => {
    it('derives the kid from the thumbprint when none is given, so replicas agree', async () => {
      const original = await generateSigningKey();
      const pem = await exportPKCS8(original.privateKey);

      const first = await importSigningKeyFromPem(pem);
      const second = await importSigningKeyFromPem(pem);

      expect(first.kid).toBe(original.kid);
      expect(second.kid).toBe(first.kid);
      await expect(signsFor(first, original)).resolves.toMatchObject({ session_id: 's1' });
    });

    it('takes an explicit kid', async () => {
      const pem = await exportPKCS8((await generateSigningKey()).privateKey);

      const key = await importSigningKeyFromPem(pem, 'identity-2026-01');

      expect(key.kid).toBe('identity-2026-01');
      expect(key.publicJwk.kid).toBe('identity-2026-01');
    });

    it('accepts a PEM whose newlines were escaped to fit in an environment variable', async () => {
      const original = await generateSigningKey();
      const pem = await exportPKCS8(original.privateKey);

      const key = await importSigningKeyFromPem(pem.replace(/\n/g, '\\n'));

      expect(key.kid).toBe(original.kid);
    });

    it('rejects something that is not an Ed25519 private key', async () => {
      const ec = await generateKeyPair('ES256', { extractable: true });

      await expect(importSigningKeyFromPem('not a pem')).rejects.toMatchObject({
        code: 'INVALID_SIGNING_KEY',
      });
      await expect(importSigningKeyFromPem(await exportPKCS8(ec.privateKey))).rejects.toMatchObject({
        code: 'INVALID_SIGNING_KEY',
      });
    });
  });
});
