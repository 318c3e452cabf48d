import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey, KeyRing, signAccessToken } from '@bodega/auth';
import { startFakeIdentity, type FakeIdentity } from './fake-identity.js';
import { expectError, send, startGateway, type TestGateway } from './gateway.js';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('gateway token checks', () => {
  let identity: FakeIdentity;
  let gw: TestGateway;
  const subject = () => ({ sub: randomUUID(), role: 'customer' as const, sid: randomUUID() });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    identity = await startFakeIdentity();
    gw = await startGateway({ IDENTITY_URL: identity.url, RATE_LIMIT_MAX: '1000' });
  });
  afterAll(async () => {
    await gw.close();
    await identity.close();
  });

  it('forwards a request with a valid token, token included (services verify it again)', async () => {
    const token = await signAccessToken(identity.keyRing, subject());
    const answer = await send(gw.url, { path: '/api/v1/me', headers: bearer(token) });
    expect(answer.status).toBe(200);
    expect(answer.json().headers.authorization).toBe(`Bearer ${token}`);
  });

  it('forwards a request without a token: the service decides whether it needs one', async () => {
    const answer = await send(gw.url, { path: '/api/v1/me' });
    expect(answer.status).toBe(200);
  });

  it('rejects an expired token with a 401 TOKEN_EXPIRED before forwarding', async () => {
    const token = await signAccessToken(identity.keyRing, subject(), {
      now: new Date(Date.now() - 3_600_000),
    });
    await expectRejected(token, 'TOKEN_EXPIRED');
  });

  it('rejects a token whose claims were tampered with', async () => {
    const token = await signAccessToken(identity.keyRing, subject());
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${base64url({ ...claims, role: 'admin' })}.${signature}`;
    await expectRejected(forged, 'INVALID_TOKEN');
  });

  it('rejects an unsigned token (alg none)', async () => {
    const token = await signAccessToken(identity.keyRing, subject());
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT', kid: identity.keyRing.current.kid })}.${base64url(claims)}.`;
    await expectRejected(unsigned, 'INVALID_TOKEN');
  });

  it('rejects a token signed with a key identity does not publish, whatever kid it names', async () => {
    const stranger = await generateSigningKey();
    await expectRejected(await signAccessToken(new KeyRing(stranger), subject()), 'INVALID_TOKEN');
    const impostor = new KeyRing({ ...stranger, kid: identity.keyRing.current.kid });
    await expectRejected(await signAccessToken(impostor, subject()), 'INVALID_TOKEN');
  });

  it('rejects a token of a revoked session', async () => {
    const who = subject();
    const token = await signAccessToken(identity.keyRing, who);
    expect((await send(gw.url, { path: '/api/v1/me', headers: bearer(token) })).status).toBe(200);
    await gw.context.revocations.revokeSession(who.sid);
    await expectRejected(token, 'TOKEN_REVOKED');
  });

  it('rejects credentials that are not a bearer token, and garbage', async () => {
    for (const authorization of [
      'Basic dXNlcjpwYXNz',
      'Bearer not.a.jwt',
      'Bearer',
      `Bearer ${'a'.repeat(9000)}`,
    ]) {
      const answer = await send(gw.url, { path: '/api/v1/me', headers: { authorization } });
      expectError(answer, 401, 'INVALID_TOKEN');
    }
  });

  it('checks tokens on every route, unknown ones included, before anything else is done', async () => {
    const before = identity.seen.length;
    const answer = await send(gw.url, {
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { ...bearer('x.y.z'), 'content-type': 'application/json' },
      body: '{"email":"a@b.c","password":"0123456789"}',
    });
    expectError(answer, 401, 'INVALID_TOKEN');
    expectError(
      await send(gw.url, { path: '/api/v1/nowhere', headers: bearer('x.y.z') }),
      401,
      'INVALID_TOKEN',
    );
    expect(identity.seen.length).toBe(before);
  });

  async function expectRejected(token: string, code: string) {
    const before = identity.seen.length;
    const answer = await send(gw.url, { path: '/api/v1/me', headers: bearer(token) });
    expectError(answer, 401, code);
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer realm="bodega", error="invalid_token"/);
    expect(identity.seen.length).toBe(before);
  }
});
