import { base64url, decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { isAppError } from '@bodega/errors';
import { signAccessToken } from './access-token.js';
import { KeyRing } from './key-ring.js';
import { generateSigningKey } from './keys.js';
import {
  formatServicePublicKeys,
  generateServicePrivateKey,
  importServicePrivateKey,
  parseServicePublicKeys,
} from './service-keys.js';
import { createServiceTokenSigner, verifyServiceToken } from './service-token.js';
import { createVerifier } from './verifier.js';

const NOW = new Date('2026-01-15T10:00:00Z');
const IAT = NOW.getTime() / 1000;

const privateKeys = {
  orders: generateServicePrivateKey(),
  analytics: generateServicePrivateKey(),
  gateway: generateServicePrivateKey(),
};
const publicKeys = parseServicePublicKeys(formatServicePublicKeys(privateKeys));
const atCatalog = { audience: 'catalog' };
const atPayments = { audience: 'payments' };

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return isAppError(error) ? { kind: error.kind, code: error.code, message: error.message } : error;
}

const invalid = { kind: 'unauthorized', code: 'INVALID_TOKEN', message: 'The service token is invalid' };

/** A token with these claims, signed with `privateKey` (orders' by default) whatever it claims. */
function signEdDsa(claims: Record<string, unknown>, privateKey = privateKeys.orders) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .sign(importServicePrivateKey(privateKey).key);
}

const ordersClaims = { iss: 'orders', sub: 'service:orders', aud: 'catalog', iat: IAT, exp: IAT + 60 };

describe('service tokens', () => {
  it('round trip: orders calls catalog’s internal route', async () => {
    const signer = createServiceTokenSigner(privateKeys.orders, 'orders');

    const token = await signer.token('catalog');

    expect(signer.service).toBe('orders');
    await expect(verifyServiceToken(publicKeys, token, atCatalog)).resolves.toEqual({ service: 'orders' });
  });

  it('are EdDSA JWTs from the caller for one callee that live one minute', async () => {
    const token = await createServiceTokenSigner(privateKeys.orders, 'orders', { now: () => NOW }).token(
      'payments',
    );

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', typ: 'JWT' });
    expect(decodeJwt(token)).toEqual({
      iss: 'orders',
      sub: 'service:orders',
      aud: 'payments',
      iat: IAT,
      exp: IAT + 60,
      jti: expect.any(String),
    });
  });

  it('for another callee are refused: a token orders sent catalog is useless at payments', async () => {
    const token = await createServiceTokenSigner(privateKeys.orders, 'orders').token('catalog');

    expect(await failure(verifyServiceToken(publicKeys, token, atPayments))).toEqual(invalid);
  });

  it('signed with analytics’ key but claiming to be orders are refused', async () => {
    const forged = await signEdDsa(ordersClaims, privateKeys.analytics);

    expect(await failure(verifyServiceToken(publicKeys, forged, { ...atCatalog, now: () => NOW }))).toEqual(
      invalid,
    );
    // The same claims under orders' own key pass: only the key made the difference.
    const genuine = await signEdDsa(ordersClaims);
    await expect(verifyServiceToken(publicKeys, genuine, { ...atCatalog, now: () => NOW })).resolves.toEqual({
      service: 'orders',
    });
  });

  it('from a service whose public key is not configured are refused', async () => {
    const token = await createServiceTokenSigner(generateServicePrivateKey(), 'search').token('catalog');

    expect(await failure(verifyServiceToken(publicKeys, token, atCatalog))).toEqual(invalid);
  });

  it('verify under either of two keys of one service, while its key rotates', async () => {
    const next = generateServicePrivateKey();
    const both = parseServicePublicKeys(
      `${formatServicePublicKeys({ orders: privateKeys.orders })},${formatServicePublicKeys({ orders: next })}`,
    );

    for (const key of [privateKeys.orders, next]) {
      const token = await createServiceTokenSigner(key, 'orders').token('catalog');
      await expect(verifyServiceToken(both, token, atCatalog)).resolves.toEqual({ service: 'orders' });
    }
  });

  it('reuse the cached token of each callee until half its life is gone, then refresh it', async () => {
    let now = NOW.getTime();
    const signer = createServiceTokenSigner(privateKeys.orders, 'orders', { now: () => new Date(now) });

    const first = await signer.token('catalog');
    const forPayments = await signer.token('payments');
    now += 29_000;
    const stillFirst = await signer.token('catalog');
    now += 1_000;
    const second = await signer.token('catalog');

    expect(forPayments).not.toBe(first);
    expect(stillFirst).toBe(first);
    expect(second).not.toBe(first);
    expect(decodeJwt(second).iat).toBe(IAT + 30);
  });

  it('expire: an old token is TOKEN_EXPIRED', async () => {
    const token = await createServiceTokenSigner(privateKeys.orders, 'orders', {
      now: () => new Date(NOW.getTime() - 66_000),
    }).token('catalog');

    expect(await failure(verifyServiceToken(publicKeys, token, { ...atCatalog, now: () => NOW }))).toEqual({
      kind: 'unauthorized',
      code: 'TOKEN_EXPIRED',
      message: 'The service token has expired',
    });
  });

  it('from a service outside allowedServices are forbidden', async () => {
    const token = await createServiceTokenSigner(privateKeys.analytics, 'analytics').token('catalog');

    expect(
      await failure(verifyServiceToken(publicKeys, token, { ...atCatalog, allowedServices: ['orders'] })),
    ).toEqual({
      kind: 'forbidden',
      code: 'SERVICE_NOT_ALLOWED',
      message: 'This service may not call this endpoint',
    });
    await expect(
      verifyServiceToken(publicKeys, token, { ...atCatalog, allowedServices: ['analytics'] }),
    ).resolves.toEqual({ service: 'analytics' });
  });

  describe('never mix with access tokens', () => {
    it('an access token is rejected as a service token', async () => {
      const ring = new KeyRing(await generateSigningKey());
      const accessToken = await signAccessToken(ring, { sub: 'user-1', role: 'admin', sid: 'session-1' });

      expect(await failure(verifyServiceToken(publicKeys, accessToken, atCatalog))).toEqual(invalid);
    });

    it('a service token is rejected as an access token', async () => {
      const ring = new KeyRing(await generateSigningKey());
      const { verify } = createVerifier({ jwks: ring.jwks() });
      const serviceToken = await createServiceTokenSigner(privateKeys.orders, 'orders').token('catalog');

      expect(await failure(verify(serviceToken))).toMatchObject({
        kind: 'unauthorized',
        code: 'INVALID_TOKEN',
      });
    });
  });

  it.each([
    ['a user subject', { sub: 'user-1' }],
    ['a subject that is not its issuer', { sub: 'service:gateway' }],
    ['no issuer', { iss: undefined }],
    ['a malformed issuer', { iss: 'Orders!' }],
    ['no issued-at', { iat: undefined }],
    ['an issued-at in the future', { iat: IAT + 60, exp: IAT + 120 }],
    ['no expiry', { exp: undefined }],
  ])('rejects a well-signed token with %s', async (_, overrides) => {
    const token = await signEdDsa({ ...ordersClaims, ...overrides });

    expect(await failure(verifyServiceToken(publicKeys, token, { ...atCatalog, now: () => NOW }))).toEqual(
      invalid,
    );
  });

  it('rejects an unsigned alg none token, and what is not a JWT at all', async () => {
    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    const token = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(ordersClaims)}.`;

    expect(await failure(verifyServiceToken(publicKeys, token, { ...atCatalog, now: () => NOW }))).toEqual(
      invalid,
    );
    expect(await failure(verifyServiceToken(publicKeys, 'not-a-jwt', atCatalog))).toEqual(invalid);
  });

  describe('configuration', () => {
    it.each(['', 'Orders', 'orders service', 'service:orders'])('refuses the service name %j', (name) => {
      expect(() => createServiceTokenSigner(privateKeys.orders, name)).toThrow(
        expect.objectContaining({ code: 'INVALID_SERVICE_NAME' }),
      );
    });

    it('refuses to sign for a malformed callee name', async () => {
      const signer = createServiceTokenSigner(privateKeys.orders, 'orders');
      await expect(signer.token('Catalog!')).rejects.toMatchObject({ code: 'INVALID_SERVICE_NAME' });
    });

    it('refuses a lifetime that is not a positive number of seconds', () => {
      expect(() => createServiceTokenSigner(privateKeys.orders, 'orders', { ttlSeconds: 0 })).toThrow(
        expect.objectContaining({ code: 'INVALID_SERVICE_TOKEN_TTL' }),
      );
    });
  });
});
