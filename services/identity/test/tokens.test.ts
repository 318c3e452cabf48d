import { createHmac } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, jwtVerify, base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@bodega/testing';
import { API, call, expectError, me, signedInCustomer, type SignedIn } from './support/api.js';
import { startIdentity, type IdentityUnderTest } from './support/identity.js';
import { craftToken, strangerKey, tamperedToken, unsignedToken } from './support/tokens.js';

describe.each(databaseBackends())('access tokens on $name', (backend) => {
  let identity: IdentityUnderTest;
  let customer: SignedIn;
  let claims: { sub: string; role: string; sid: string };

  beforeAll(async () => {
    identity = await startIdentity(backend);
    customer = await signedInCustomer(identity.app);
    const decoded = decodeJwt(customer.access_token);
    claims = { sub: decoded.sub!, role: decoded.role as string, sid: decoded.sid as string };
  });
  afterAll(async () => {
    await identity.close();
  });

  it('publishes its public key at /.well-known/jwks.json, and tokens verify with it', async () => {
    const response = await call(identity.app, { method: 'GET', url: '/.well-known/jwks.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const jwks = response.json();
    expect(jwks.keys).toEqual([
      {
        kty: 'OKP',
        crv: 'Ed25519',
        x: expect.any(String),
        kid: identity.signingKey.kid,
        alg: 'EdDSA',
        use: 'sig',
      },
    ]);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
    const { payload } = await jwtVerify(customer.access_token, createLocalJWKSet(jwks));
    expect(payload.sub).toBe(customer.id);
  });

  it('accepts a valid token', async () => {
    expect((await me(identity.app, customer.access_token)).statusCode).toBe(200);
  });

  it('asks for authentication when no token is sent', async () => {
    const response = await call(identity.app, { method: 'GET', url: `${API}/me` });
    expectError(response, 401, 'AUTHENTICATION_REQUIRED');
    expect(response.headers['www-authenticate']).toContain('Bearer');
  });

  it('rejects an expired token with 401 TOKEN_EXPIRED', async () => {
    const expired = await craftToken(identity.signingKey, claims, {
      issuedAt: new Date(Date.now() - 3_600_000),
    });
    expectError(await me(identity.app, expired), 401, 'TOKEN_EXPIRED');
  });

  it('rejects a forged token (claims changed after signing) with 401 INVALID_TOKEN', async () => {
    expectError(
      await me(identity.app, tamperedToken(customer.access_token, { role: 'admin' })),
      401,
      'INVALID_TOKEN',
    );
  });

  it('rejects an alg:none token with 401 INVALID_TOKEN', async () => {
    expectError(await me(identity.app, unsignedToken(identity.signingKey.kid, claims)), 401, 'INVALID_TOKEN');
  });

  it('rejects an HS256 token keyed with the public key (algorithm confusion) with 401', async () => {
    const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
    const now = Math.floor(Date.now() / 1000);
    const signingInput = `${encode({ alg: 'HS256', kid: identity.signingKey.kid, typ: 'JWT' })}.${encode({
      ...claims,
      iss: 'bodega-identity',
      aud: 'bodega',
      iat: now,
      exp: now + 900,
      jti: 'x',
    })}`;
    const signature = createHmac('sha256', identity.signingKey.publicJwk.x)
      .update(signingInput)
      .digest('base64url');
    expectError(await me(identity.app, `${signingInput}.${signature}`), 401, 'INVALID_TOKEN');
  });

  it("rejects a token signed with another key under identity's kid with 401 INVALID_TOKEN", async () => {
    const forged = await craftToken(await strangerKey(identity.signingKey.kid), claims);
    expectError(await me(identity.app, forged), 401, 'INVALID_TOKEN');
  });

  it('rejects a token naming a key identity does not have with 401 INVALID_TOKEN', async () => {
    const forged = await craftToken(await strangerKey('some-other-kid'), claims);
    expectError(await me(identity.app, forged), 401, 'INVALID_TOKEN');
  });

  it('rejects a token for another audience or issuer with 401 INVALID_TOKEN', async () => {
    expectError(
      await me(identity.app, await craftToken(identity.signingKey, claims, { audience: 'elsewhere' })),
      401,
      'INVALID_TOKEN',
    );
    expectError(
      await me(identity.app, await craftToken(identity.signingKey, claims, { issuer: 'someone' })),
      401,
      'INVALID_TOKEN',
    );
  });

  it('rejects garbage and other schemes in the Authorization header with 401 INVALID_TOKEN', async () => {
    expectError(await me(identity.app, 'not.a.jwt'), 401, 'INVALID_TOKEN');
    const basic = await call(identity.app, {
      method: 'GET',
      url: `${API}/me`,
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expectError(basic, 401, 'INVALID_TOKEN');
  });

  it('rejects a valid token whose user no longer exists with 401', async () => {
    const ghost = await craftToken(identity.signingKey, {
      ...claims,
      sub: '01900000-0000-7000-8000-000000000000',
    });
    expectError(await me(identity.app, ghost), 401, 'INVALID_TOKEN');
  });

  it('rejects a valid token of a deactivated user with 401 ACCOUNT_DISABLED even if the revocation list forgot them', async () => {
    const victim = await signedInCustomer(identity.app, 'deactivated');
    await identity.database.query('update identity.users set active = false where id = $1', [victim.id]);
    expectError(await me(identity.app, victim.access_token), 401, 'ACCOUNT_DISABLED');
  });

  it('never answers a bad token with a 5xx, on any route', async () => {
    const bad = tamperedToken(customer.access_token, { sub: 'x' });
    for (const [method, url] of [
      ['GET', `${API}/me`],
      ['PATCH', `${API}/me`],
      ['GET', `${API}/users`],
      ['PATCH', `${API}/users/${customer.id}`],
      ['POST', `${API}/auth/logout`],
    ] as const) {
      const response = await call(identity.app, { method, url, token: bad, body: {} });
      expectError(response, 401, 'INVALID_TOKEN');
    }
  });
});
