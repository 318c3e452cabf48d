import { createPublicKey } from 'node:crypto';
import { base64url, decodeJwt, errors, SignJWT } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { isAppError } from '@bodega/errors';
import { signAccessToken } from './access-token.js';
import type { AccessTokenSubject } from './access-token.js';
import { KeyRing } from './key-ring.js';
import { generateSigningKey } from './keys.js';
import type { SigningKey } from './keys.js';
import { createVerifier } from './verifier.js';

const NOW = new Date('2026-01-15T10:00:00Z');
const IAT = NOW.getTime() / 1000;
const alice: AccessTokenSubject = { sub: 'user-alice', role: 'customer', sid: 'session-1' };

const encode = (value: unknown) => base64url.encode(JSON.stringify(value));

/** A compact JWS assembled by hand, for tokens no honest library would produce. */
function craft(header: object, payload: object, signature = '') {
  return `${encode(header)}.${encode(payload)}.${signature}`;
}

function validClaims(overrides: Record<string, unknown> = {}) {
  return {
    ...alice,
    iat: IAT,
    exp: IAT + 900,
    iss: 'bodega-identity',
    aud: 'bodega',
    jti: 'token-1',
    ...overrides,
  };
}

/** Signs arbitrary claims with `key`, bypassing the checks of signAccessToken. */
function signRaw(key: SigningKey, payload: Record<string, unknown>, header: object = {}) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT', ...header })
    .sign(key.privateKey);
}

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { kind: error.kind, code: error.code, message: error.message };
}

/** The library error behind an Unauthorized, to prove a token failed for the intended reason. */
async function causeOf(promise: Promise<unknown>) {
  const error = await promise.catch((thrown: unknown) => thrown);
  return isAppError(error) ? error.cause : undefined;
}

const invalid = { kind: 'unauthorized', code: 'INVALID_TOKEN', message: 'The access token is invalid' };

describe('createVerifier', () => {
  let key: SigningKey;
  let ring: KeyRing;
  let verify: (token: string) => Promise<unknown>;

  beforeAll(async () => {
    key = await generateSigningKey();
    ring = new KeyRing(key);
    ({ verify } = createVerifier({ jwks: ring.jwks(), now: () => NOW }));
  });

  const sign = (subject: AccessTokenSubject = alice, now = NOW) => signAccessToken(ring, subject, { now });

  it('turns a valid token into the principal of the request', async () => {
    const token = await sign();

    await expect(verify(token)).resolves.toEqual({
      user_id: 'user-alice',
      role: 'customer',
      session_id: 'session-1',
      token_id: decodeJwt(token).jti,
      expires_at: new Date(NOW.getTime() + 900_000),
    });
  });

  it('checks issuer and audience when told which to expect', async () => {
    const token = await signAccessToken(ring, alice, {
      now: NOW,
      issuer: 'identity-eu',
      audience: 'bodega-eu',
    });
    const eu = createVerifier({
      jwks: ring.jwks(),
      issuer: 'identity-eu',
      audience: 'bodega-eu',
      now: () => NOW,
    });

    await expect(eu.verify(token)).resolves.toMatchObject({ user_id: 'user-alice' });
    expect(await rejection(verify(token))).toEqual(invalid);
  });

  describe('rejects a forged token', () => {
    it('with alg none and no signature', async () => {
      const token = craft({ alg: 'none', typ: 'JWT' }, validClaims({ role: 'admin' }));

      expect(await rejection(verify(token))).toEqual(invalid);
      expect(await causeOf(verify(token))).toBeInstanceOf(errors.JOSEAlgNotAllowed);
    });

    it('with alg none even when it names a known kid', async () => {
      const token = craft({ alg: 'none', kid: key.kid, typ: 'JWT' }, validClaims());

      expect(await rejection(verify(token))).toEqual(invalid);
    });

    it('signed by another Ed25519 key claiming the same kid', async () => {
      const impostor = await generateSigningKey();
      const token = await signAccessToken(new KeyRing({ ...impostor, kid: key.kid }), alice, { now: NOW });

      expect(decodeJwt(token).sub).toBe('user-alice');
      expect(await rejection(verify(token))).toEqual(invalid);
      expect(await causeOf(verify(token))).toBeInstanceOf(errors.JWSSignatureVerificationFailed);
    });

    it('signed with HS256 using the public key bytes as the HMAC secret', async () => {
      const publicKeyBytes = base64url.decode(key.publicJwk.x);
      const { kty, crv, x } = key.publicJwk;
      const spkiPem = new TextEncoder().encode(
        createPublicKey({ key: { kty, crv, x }, format: 'jwk' })
          .export({ type: 'spki', format: 'pem' })
          .toString(),
      );

      for (const secret of [publicKeyBytes, spkiPem]) {
        const token = await new SignJWT(validClaims({ role: 'admin' }))
          .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
          .sign(secret);
        expect(await rejection(verify(token))).toEqual(invalid);
        expect(await causeOf(verify(token))).toBeInstanceOf(errors.JOSEAlgNotAllowed);
      }
    });

    it('whose payload was changed to role admin, keeping the signature', async () => {
      const [header, , signature] = (await sign()).split('.');
      const claims = decodeJwt(await sign());
      const tampered = `${header!}.${encode({ ...claims, role: 'admin' })}.${signature!}`;

      expect(await rejection(verify(tampered))).toEqual(invalid);
      expect(await causeOf(verify(tampered))).toBeInstanceOf(errors.JWSSignatureVerificationFailed);
    });

    it('signed by an unknown key', async () => {
      const token = await signAccessToken(new KeyRing(await generateSigningKey()), alice, { now: NOW });

      expect(await rejection(verify(token))).toEqual(invalid);
    });

    it('that names no key', async () => {
      const token = await new SignJWT(validClaims())
        .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
        .sign(key.privateKey);

      expect(await rejection(verify(token))).toEqual(invalid);
    });
  });

  describe('rejects a genuine token', () => {
    it('that has expired, with TOKEN_EXPIRED so the client refreshes', async () => {
      const token = await sign(alice, new Date(NOW.getTime() - 906_000));

      expect(await rejection(verify(token))).toEqual({
        kind: 'unauthorized',
        code: 'TOKEN_EXPIRED',
        message: 'The access token has expired',
      });
    });

    it('only once the clock tolerance has passed', async () => {
      const justExpired = await sign(alice, new Date(NOW.getTime() - 903_000));
      const longExpired = await sign(alice, new Date(NOW.getTime() - 906_000));

      await expect(verify(justExpired)).resolves.toMatchObject({ user_id: 'user-alice' });
      expect((await rejection(verify(longExpired))).code).toBe('TOKEN_EXPIRED');
    });

    it('issued in the future beyond the clock tolerance', async () => {
      expect(await rejection(verify(await sign(alice, new Date(NOW.getTime() + 60_000))))).toEqual(invalid);
      await expect(verify(await sign(alice, new Date(NOW.getTime() + 4_000)))).resolves.toBeDefined();
    });

    it('that is not valid before a later time', async () => {
      const token = await signRaw(key, validClaims({ nbf: IAT + 60 }));

      expect(await rejection(verify(token))).toEqual(invalid);
    });

    it('for another audience', async () => {
      const token = await signAccessToken(ring, alice, { now: NOW, audience: 'bodega-internal' });

      expect(await rejection(verify(token))).toEqual(invalid);
    });

    it('from another issuer', async () => {
      const token = await signAccessToken(ring, alice, { now: NOW, issuer: 'someone-else' });

      expect(await rejection(verify(token))).toEqual(invalid);
    });

    it.each([
      ['an unknown role', { role: 'owner' }],
      ['a role that is not a string', { role: ['admin'] }],
      ['no sid', { sid: undefined }],
      ['an empty sid', { sid: '' }],
      ['no subject', { sub: undefined }],
      ['no jti', { jti: undefined }],
      ['no expiry', { exp: undefined }],
      ['no issued-at', { iat: undefined }],
    ])('with %s', async (_, overrides) => {
      const token = await signRaw(key, validClaims(overrides));

      expect(await rejection(verify(token))).toEqual(invalid);
    });

    it('whose header is not typed as a JWT', async () => {
      const token = await signRaw(key, validClaims(), { typ: 'at+jwt' });

      expect(await rejection(verify(token))).toEqual(invalid);
    });
  });

  it.each([
    ['an empty string', ''],
    ['garbage', 'not-a-jwt'],
    ['two segments', 'a.b'],
    ['a non-JSON header', 'e30.e30.'.replace('e30', 'bm9wZQ')],
    ['an oversized token', 'a'.repeat(10_000)],
  ])('rejects %s as INVALID_TOKEN', async (_, token) => {
    expect(await rejection(verify(token))).toEqual(invalid);
  });

  it('rejects a value that is not a string at all', async () => {
    expect(await rejection(verify(undefined as unknown as string))).toEqual(invalid);
  });

  it('answers with a client-safe message and an RFC 6750 challenge, keeping the detail as cause', async () => {
    const error = await verify(craft({ alg: 'none' }, validClaims())).catch((thrown: unknown) => thrown);

    expect(isAppError(error) && error.headers['www-authenticate']).toBe(
      'Bearer realm="bodega", error="invalid_token", error_description="The access token is invalid"',
    );
    expect(isAppError(error) && error.cause).toBeInstanceOf(Error);
    expect(isAppError(error) && error.details).toEqual({});
  });

  it('rejects a malformed JWKS when it is configured, not on the first request', () => {
    expect(() => createVerifier({ jwks: { keys: 'none' } as never })).toThrow();
  });

  describe('with a revocation check', () => {
    it('passes it the verified claims and lets live sessions through', async () => {
      const isRevoked = vi.fn(() => Promise.resolve(false));
      const token = await sign();
      const { verify: check } = createVerifier({ jwks: ring.jwks(), isRevoked, now: () => NOW });

      await expect(check(token)).resolves.toMatchObject({ session_id: 'session-1' });
      expect(isRevoked).toHaveBeenCalledWith({ ...validClaims(), jti: decodeJwt(token).jti });
    });

    it('rejects a token of a revoked session with TOKEN_REVOKED', async () => {
      const { verify: check } = createVerifier({
        jwks: ring.jwks(),
        isRevoked: (claims) => Promise.resolve(claims.sid === 'session-1'),
        now: () => NOW,
      });

      expect(await rejection(check(await sign()))).toEqual({
        kind: 'unauthorized',
        code: 'TOKEN_REVOKED',
        message: 'The access token has been revoked',
      });
      await expect(check(await sign({ ...alice, sid: 'session-2' }))).resolves.toBeDefined();
    });

    it('is not consulted for a token that already failed', async () => {
      const isRevoked = vi.fn(() => Promise.resolve(false));
      const { verify: check } = createVerifier({ jwks: ring.jwks(), isRevoked, now: () => NOW });

      await rejection(check(craft({ alg: 'none' }, validClaims())));

      expect(isRevoked).not.toHaveBeenCalled();
    });

    it('answers 503, not 401, when the check itself fails', async () => {
      const { verify: check } = createVerifier({
        jwks: ring.jwks(),
        isRevoked: () => Promise.reject(new Error('connection refused')),
        now: () => NOW,
      });

      expect(await rejection(check(await sign()))).toEqual({
        kind: 'unavailable',
        code: 'REVOCATION_CHECK_UNAVAILABLE',
        message: 'Token verification is temporarily unavailable',
      });
    });
  });

  describe('with a function as key source (embedded mode)', () => {
    it('sees a rotation at once and still accepts tokens of the previous key', async () => {
      const rotating = new KeyRing(await generateSigningKey());
      const provide = vi.fn(() => rotating.jwks());
      const { verify: check } = createVerifier({
        jwks: provide,
        now: () => NOW,
        verifiedCache: { maxEntries: 0 },
      });
      const before = await signAccessToken(rotating, alice, { now: NOW });
      await check(before);

      rotating.rotate(await generateSigningKey());
      const after = await signAccessToken(rotating, { ...alice, role: 'admin' }, { now: NOW });

      await expect(check(after)).resolves.toMatchObject({ role: 'admin' });
      await expect(check(before)).resolves.toMatchObject({ role: 'customer' });
      expect(provide).toHaveBeenCalledTimes(3);
    });

    it('checks a token signature once, then still checks its expiry and revocation on every use', async () => {
      const provide = vi.fn(() => ring.jwks());
      let clock = NOW;
      let revoked = false;
      const { verify: check } = createVerifier({
        jwks: provide,
        now: () => clock,
        isRevoked: () => Promise.resolve(revoked),
        verifiedCache: { ttlSeconds: 60 },
      });
      const token = await signAccessToken(ring, alice, { now: NOW });
      await check(token);
      await check(token);
      expect(provide).toHaveBeenCalledTimes(1);

      revoked = true;
      await expect(check(token)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
      revoked = false;

      clock = new Date(NOW.getTime() + 61_000);
      await check(token);
      expect(provide).toHaveBeenCalledTimes(2);

      clock = new Date(NOW.getTime() + 16 * 60_000);
      await expect(check(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
      const tampered = `${token.slice(0, -3)}${token.endsWith('A') ? 'B' : 'A'}AA`;
      clock = NOW;
      await expect(check(tampered)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    });

    it('keeps at most maxEntries verified tokens', async () => {
      const provide = vi.fn(() => ring.jwks());
      const { verify: check } = createVerifier({
        jwks: provide,
        now: () => NOW,
        verifiedCache: { maxEntries: 1 },
      });
      const first = await signAccessToken(ring, alice, { now: NOW });
      const second = await signAccessToken(ring, { ...alice, sid: 'another' }, { now: NOW });
      await check(first);
      await check(second);
      await check(first);
      expect(provide).toHaveBeenCalledTimes(3);
    });

    it('accepts an async provider', async () => {
      const { verify: check } = createVerifier({ jwks: () => Promise.resolve(ring.jwks()), now: () => NOW });

      await expect(check(await sign())).resolves.toMatchObject({ user_id: 'user-alice' });
    });

    it('answers JWKS_UNAVAILABLE when the provider fails or returns something that is not a JWKS', async () => {
      const failing = createVerifier({ jwks: () => Promise.reject(new Error('db down')), now: () => NOW });
      const broken = createVerifier({ jwks: () => ({ keys: 'nope' }) as never, now: () => NOW });
      const token = await sign();

      for (const { verify: check } of [failing, broken]) {
        expect(await rejection(check(token))).toEqual({
          kind: 'unavailable',
          code: 'JWKS_UNAVAILABLE',
          message: 'Token verification is temporarily unavailable',
        });
      }
    });
  });
});
