import { decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from './access-token.js';
import { KeyRing } from './key-ring.js';
import { generateSigningKey } from './keys.js';
import { ROLES, isRole } from './roles.js';
import type { Role } from './roles.js';

describe('signAccessToken', () => {
  let ring: KeyRing;

  beforeAll(async () => {
    ring = new KeyRing(await generateSigningKey());
  });

  it('signs an EdDSA JWT naming the current key, valid 15 minutes by default', async () => {
    const token = await signAccessToken(
      ring,
      { sub: 'user-1', role: 'manager', sid: 'session-1' },
      { now: new Date('2026-01-15T10:00:00Z') },
    );

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', kid: ring.current.kid, typ: 'JWT' });
    const iat = Date.parse('2026-01-15T10:00:00Z') / 1000;
    expect(decodeJwt(token)).toEqual({
      sub: 'user-1',
      role: 'manager',
      sid: 'session-1',
      iat,
      exp: iat + 900,
      iss: 'bodega-identity',
      aud: 'bodega',
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('takes the lifetime, issuer and audience from the options', async () => {
    const token = await signAccessToken(
      ring,
      { sub: 'user-1', role: 'admin', sid: 'session-1' },
      { ttlSeconds: 60, issuer: 'identity-test', audience: 'bodega-test' },
    );

    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBe(60);
    expect(claims).toMatchObject({ iss: 'identity-test', aud: 'bodega-test' });
  });

  it('gives every token its own jti', async () => {
    const subject = { sub: 'user-1', role: 'customer', sid: 'session-1' } as const;

    const [a, b] = await Promise.all([signAccessToken(ring, subject), signAccessToken(ring, subject)]);

    expect(decodeJwt(a).jti).not.toBe(decodeJwt(b).jti);
  });

  it('signs with the new key after a rotation', async () => {
    const rotating = new KeyRing(await generateSigningKey());
    const next = await generateSigningKey();
    rotating.rotate(next);

    const token = await signAccessToken(rotating, { sub: 'user-1', role: 'customer', sid: 'session-1' });

    expect(decodeProtectedHeader(token).kid).toBe(next.kid);
  });

  it.each([
    ['an unknown role', { sub: 'user-1', role: 'owner' as Role, sid: 'session-1' }, {}],
    ['an empty subject', { sub: '', role: 'customer' as Role, sid: 'session-1' }, {}],
    ['no session', { sub: 'user-1', role: 'customer' as Role, sid: '' }, {}],
    ['a zero lifetime', { sub: 'user-1', role: 'customer' as Role, sid: 'session-1' }, { ttlSeconds: 0 }],
    [
      'a fractional lifetime',
      { sub: 'user-1', role: 'customer' as Role, sid: 'session-1' },
      { ttlSeconds: 1.5 },
    ],
  ])('refuses to sign a token with %s', async (_, subject, options) => {
    await expect(signAccessToken(ring, subject, options)).rejects.toMatchObject({
      code: 'INVALID_TOKEN_CLAIMS',
    });
  });
});

describe('roles', () => {
  it('are customer, manager and admin', () => {
    expect(ROLES).toEqual(['customer', 'manager', 'admin']);
    expect(ROLES.every(isRole)).toBe(true);
    expect(isRole('owner')).toBe(false);
    expect(isRole(1)).toBe(false);
  });
});
