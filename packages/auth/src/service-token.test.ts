import { base64url, decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { isAppError } from '@bodega/errors';
import { signAccessToken } from './access-token.js';
import { KeyRing } from './key-ring.js';
import { generateSigningKey } from './keys.js';
import { createServiceTokenSigner, verifyServiceToken } from './service-token.js';
import { createVerifier } from './verifier.js';

const SECRET = 'a-service-token-secret-of-32-bytes!!';
const NOW = new Date('2026-01-15T10:00:00Z');
const IAT = NOW.getTime() / 1000;

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return isAppError(error) ? { kind: error.kind, code: error.code, message: error.message } : error;
}

const invalid = { kind: 'unauthorized', code: 'INVALID_TOKEN', message: 'The service token is invalid' };

function signHs256(claims: Record<string, unknown>, secret: string | Uint8Array = SECRET) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);
}

describe('service tokens', () => {
  it('round trip: orders calls catalog’s internal route', async () => {
    const signer = createServiceTokenSigner(SECRET, 'orders');

    const token = await signer.token();

    expect(signer.service).toBe('orders');
    await expect(verifyServiceToken(SECRET, token)).resolves.toEqual({ service: 'orders' });
  });

  it('are HS256 JWTs for bodega-internal that live one minute', async () => {
    const token = await createServiceTokenSigner(SECRET, 'orders', { now: () => NOW }).token();

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decodeJwt(token)).toEqual({
      sub: 'service:orders',
      aud: 'bodega-internal',
      iat: IAT,
      exp: IAT + 60,
      jti: expect.any(String),
    });
  });

  it('reuse the cached token until half its life is gone, then refresh it', async () => {
    let now = NOW.getTime();
    const signer = createServiceTokenSigner(SECRET, 'orders', { now: () => new Date(now) });

    const first = await signer.token();
    now += 29_000;
    const stillFirst = await signer.token();
    now += 1_000;
    const second = await signer.token();

    expect(stillFirst).toBe(first);
    expect(second).not.toBe(first);
    expect(decodeJwt(second).iat).toBe(IAT + 30);
  });

  it('accept a secret given as bytes', async () => {
    const secret = new Uint8Array(32).fill(7);
    const token = await createServiceTokenSigner(secret, 'payments').token();

    await expect(verifyServiceToken(secret, token)).resolves.toEqual({ service: 'payments' });
  });

  it('expire: an old token is TOKEN_EXPIRED', async () => {
    const token = await createServiceTokenSigner(SECRET, 'orders', {
      now: () => new Date(NOW.getTime() - 66_000),
    }).token();

    expect(await failure(verifyServiceToken(SECRET, token, { now: () => NOW }))).toEqual({
      kind: 'unauthorized',
      code: 'TOKEN_EXPIRED',
      message: 'The service token has expired',
    });
  });

  it('signed with another secret are rejected', async () => {
    const token = await createServiceTokenSigner('another-secret-that-is-32-bytes-long', 'orders').token();

    expect(await failure(verifyServiceToken(SECRET, token))).toEqual(invalid);
  });

  it('from a service outside allowedServices are forbidden', async () => {
    const token = await createServiceTokenSigner(SECRET, 'analytics').token();

    expect(
      await failure(verifyServiceToken(SECRET, token, { allowedServices: ['orders', 'payments'] })),
    ).toEqual({
      kind: 'forbidden',
      code: 'SERVICE_NOT_ALLOWED',
      message: 'This service may not call this endpoint',
    });
    await expect(verifyServiceToken(SECRET, token, { allowedServices: ['analytics'] })).resolves.toEqual({
      service: 'analytics',
    });
  });

  describe('never mix with access tokens', () => {
    it('an access token is rejected as a service token', async () => {
      const ring = new KeyRing(await generateSigningKey());
      const accessToken = await signAccessToken(ring, { sub: 'user-1', role: 'admin', sid: 'session-1' });

      expect(await failure(verifyServiceToken(SECRET, accessToken))).toEqual(invalid);
    });

    it('a service token is rejected as an access token', async () => {
      const ring = new KeyRing(await generateSigningKey());
      const { verify } = createVerifier({ jwks: ring.jwks() });
      const serviceToken = await createServiceTokenSigner(SECRET, 'orders').token();

      expect(await failure(verify(serviceToken))).toMatchObject({
        kind: 'unauthorized',
        code: 'INVALID_TOKEN',
      });
    });

    it('an HS256 token for the access-token audience is rejected as a service token', async () => {
      const token = await signHs256({ sub: 'service:orders', aud: 'bodega', iat: IAT, exp: IAT + 60 });

      expect(await failure(verifyServiceToken(SECRET, token, { now: () => NOW }))).toEqual(invalid);
    });
  });

  it.each([
    ['a user subject', { sub: 'user-1' }],
    ['a malformed service name', { sub: 'service:Orders!' }],
    ['no issued-at', { iat: undefined }],
    ['an issued-at in the future', { iat: IAT + 60, exp: IAT + 120 }],
    ['no expiry', { exp: undefined }],
  ])('rejects a well-signed token with %s', async (_, overrides) => {
    const token = await signHs256({
      sub: 'service:orders',
      aud: 'bodega-internal',
      iat: IAT,
      exp: IAT + 60,
      ...overrides,
    });

    expect(await failure(verifyServiceToken(SECRET, token, { now: () => NOW }))).toEqual(invalid);
  });

  it('rejects an unsigned alg none token', async () => {
    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    const token = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'service:orders', aud: 'bodega-internal', iat: IAT, exp: IAT + 60 })}.`;

    expect(await failure(verifyServiceToken(SECRET, token, { now: () => NOW }))).toEqual(invalid);
  });

  describe('configuration', () => {
    it('refuses a SERVICE_TOKEN_SECRET shorter than 32 bytes, when signing and when verifying', async () => {
      const weak = expect.objectContaining({ kind: 'internal', code: 'WEAK_SERVICE_TOKEN_SECRET' });

      expect(() => createServiceTokenSigner('short', 'orders')).toThrow(weak);
      expect(() => createServiceTokenSigner(new Uint8Array(31), 'orders')).toThrow(weak);
      await expect(verifyServiceToken('x'.repeat(31), 'token')).rejects.toEqual(weak);
    });

    it('counts the secret in bytes, not characters', async () => {
      const elevenEuros = '€'.repeat(11);
      const token = await createServiceTokenSigner(elevenEuros, 'orders').token();

      await expect(verifyServiceToken(elevenEuros, token)).resolves.toEqual({ service: 'orders' });
    });

    it.each(['', 'Orders', 'orders service', 'service:orders'])('refuses the service name %j', (name) => {
      expect(() => createServiceTokenSigner(SECRET, name)).toThrow(
        expect.objectContaining({ code: 'INVALID_SERVICE_NAME' }),
      );
    });

    it('refuses a lifetime that is not a positive number of seconds', () => {
      expect(() => createServiceTokenSigner(SECRET, 'orders', { ttlSeconds: 0 })).toThrow(
        expect.objectContaining({ code: 'INVALID_SERVICE_TOKEN_TTL' }),
      );
    });
  });
});
