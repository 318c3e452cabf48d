/**
 * Attacks on access tokens, through the gateway: unsigned, signed with another key or algorithm,
 * expired, not yet valid, for another audience or issuer, claims raised after signing, and the token of
 * an account an admin deactivated. Each is refused with 401 in the standard body, before any service
 * acts on it. A token forged the same way with identity's real key is accepted: the refusals are the
 * verifier's doing, not the forging's.
 */
import { createPublicKey, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, signEdDsa, signHs256, strangerKey, tampered, unsigned } from './support/forge.js';
import { expectStandardError, gatewayClient, verbs, type Json } from './support/http.js';
import { admin, securityModes, type SecurityPlatform } from './support/platform.js';
import { password } from './support/world.js';

const now = () => Math.floor(Date.now() / 1000);

describe.each(securityModes())('access-token attacks in %s mode', (_mode, start) => {
  let platform: SecurityPlatform;
  const send = gatewayClient(() => platform.url);
  const { get, post, patch } = verbs(send);
  let adminToken: string;
  let customer: { id: string; email: string; token: string; refreshToken: string };
  /** The header and claims of the customer's real token, to forge variations of. */
  let real: { header: Json; claims: Json };

  async function signIn(email: string, secret: string) {
    const session = await post('/api/v1/auth/login', { email, password: secret });
    expect(session.status, session.text).toBe(200);
    return {
      id: session.body.user.id as string,
      token: session.body.access_token as string,
      refreshToken: session.body.refresh_token as string,
    };
  }

  async function newCustomer() {
    const email = `victim-${randomUUID()}@example.com`;
    expect((await post('/api/v1/auth/register', { email, password })).status).toBe(201);
    return { email, ...(await signIn(email, password)) };
  }

  beforeAll(async () => {
    platform = await start();
    adminToken = (await signIn(admin.email, admin.password)).token;
    customer = await newCustomer();
    const { header, claims } = decode(customer.token);
    real = { header, claims };
  }, 120_000);
  afterAll(async () => {
    await platform.close();
  });

  /** Claims as identity writes them, for the customer, valid now; `change` overrides some. */
  const claims = (change: Json = {}): Json => ({
    ...real.claims,
    jti: randomUUID(),
    iat: now(),
    exp: now() + 900,
    ...change,
  });
  const withKey = (change: Json = {}, header: Json = {}) =>
    signEdDsa({ kid: real.header.kid, ...header }, claims(change), platform.secrets.signingKey);

  /** The token is refused with 401 on a route of identity, of orders, and of the gateway's own. */
  async function expectRefused(token: string, code?: string) {
    for (const path of ['/api/v1/me', '/api/v1/orders', '/api/v1/users']) {
      expectStandardError(await get(path, token), 401, code);
    }
  }

  it("accepts a token forged with identity's own key and claims: the control for every refusal below", async () => {
    expect(real.header).toMatchObject({ alg: 'EdDSA', typ: 'JWT' });
    expect(real.claims).toMatchObject({
      sub: customer.id,
      role: 'customer',
      iss: 'bodega-identity',
      aud: 'bodega',
    });
    const answer = await get('/api/v1/me', withKey());
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.id).toBe(customer.id);
  });

  it('refuses an unsigned token (alg none, in any spelling)', async () => {
    for (const alg of ['none', 'None', 'NONE']) {
      const token = unsigned({ kid: real.header.kid }, claims()).replace(
        /^[^.]+/,
        Buffer.from(JSON.stringify({ alg, kid: real.header.kid, typ: 'JWT' })).toString('base64url'),
      );
      await expectRefused(token, 'INVALID_TOKEN');
    }
  });

  it("refuses HS256 keyed with identity's public key (algorithm confusion)", async () => {
    const publicKey = createPublicKey(platform.secrets.signingKey);
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const jwk = publicKey.export({ format: 'jwk' });
    for (const secret of [pem, jwk.x!, JSON.stringify(jwk)]) {
      await expectRefused(signHs256({ kid: real.header.kid }, claims(), secret), 'INVALID_TOKEN');
    }
  });

  it("refuses a token signed by another key, under identity's kid, another kid or none", async () => {
    const key = strangerKey();
    for (const header of [{ kid: real.header.kid }, { kid: 'another-key' }, {}]) {
      await expectRefused(signEdDsa(header, claims(), key), 'INVALID_TOKEN');
    }
  });

  it('refuses an expired token with TOKEN_EXPIRED', async () => {
    await expectRefused(withKey({ iat: now() - 960, exp: now() - 60 }), 'TOKEN_EXPIRED');
  });

  it('refuses a token not valid yet: issued in the future, or with a future nbf', async () => {
    await expectRefused(withKey({ iat: now() + 3_600, exp: now() + 4_500 }));
    await expectRefused(withKey({ nbf: now() + 3_600 }));
  });

  it('refuses a token for another audience or from another issuer', async () => {
    await expectRefused(withKey({ aud: 'another-app' }), 'INVALID_TOKEN');
    await expectRefused(withKey({ iss: 'https://evil.example.com' }), 'INVALID_TOKEN');
  });

  it('refuses claims changed after signing: the role raised, the subject changed', async () => {
    const raised = tampered(customer.token, { role: 'admin' });
    await expectRefused(raised, 'INVALID_TOKEN');
    const adminId = (await get('/api/v1/me', adminToken)).body.id as string;
    await expectRefused(tampered(customer.token, { sub: adminId }), 'INVALID_TOKEN');
    // The untouched token still works: the signature check is what refused the others.
    expect((await get('/api/v1/me', customer.token)).status).toBe(200);
  });

  it('refuses a well-signed token missing a claim or naming an unknown role', async () => {
    const { sid: _sid, ...withoutSession } = claims();
    await expectRefused(
      signEdDsa({ kid: real.header.kid }, withoutSession, platform.secrets.signingKey),
      'INVALID_TOKEN',
    );
    await expectRefused(withKey({ role: 'root' }), 'INVALID_TOKEN');
  });

  it('refuses garbage, other schemes and oversized tokens with 401, never a 5xx', async () => {
    const headers = [
      'Bearer',
      'Bearer ',
      'Basic dXNlcjpwYXNz',
      'Bearer a.b.c',
      `Bearer ${'a'.repeat(9_000)}`,
    ];
    for (const authorization of headers) {
      const answer = await get('/api/v1/me', undefined, { authorization });
      expectStandardError(answer, 401);
    }
  });

  it("kills a deactivated user's tokens at once, everywhere, and refuses their sign-in and refresh", async () => {
    const victim = await newCustomer();
    expect((await get('/api/v1/orders', victim.token)).status).toBe(200);

    const deactivated = await patch(`/api/v1/users/${victim.id}`, { active: false }, adminToken);
    expect(deactivated.status, deactivated.text).toBe(200);

    await expectRefused(victim.token);
    expectStandardError(await post('/api/v1/auth/refresh', { refresh_token: victim.refreshToken }), 401);
    expectStandardError(
      await post('/api/v1/auth/login', { email: victim.email, password }),
      403,
      'ACCOUNT_DISABLED',
    );
  });
});
