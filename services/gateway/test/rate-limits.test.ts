import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyJsonEncoding } from '@bodega/testing';
import { startFakeIdentity, type FakeIdentity } from './fake-identity.js';
import { expectError, send, startGateway, type TestGateway, type Answer } from './gateway.js';

describe('gateway rate limits', () => {
  let identity: FakeIdentity;
  let gw: TestGateway;

  beforeAll(async () => {
    identity = await startFakeIdentity();
    // Behind one trusted proxy, X-Forwarded-For names the client: each test plays clients of its own.
    gw = await startGateway({
      IDENTITY_URL: identity.url,
      TRUST_PROXY: '1',
      RATE_LIMIT_MAX: '8',
      AUTH_RATE_LIMIT_MAX: '5',
      LOGIN_RATE_LIMIT_MAX: '3',
    });
  });
  afterAll(async () => {
    await gw.close();
    await identity.close();
  });

  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const login = (ip: string, email: unknown, path = '/api/v1/auth/login') =>
    send(gw.url, {
      method: 'POST',
      path,
      headers: { ...from(ip), 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'not-the-password' }),
    });

  function expectLimited(answer: Answer, scope: string, limit: number) {
    expectError(answer, 429, 'RATE_LIMITED');
    expect(answer.json().error.details).toMatchObject({ scope, limit });
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(answer.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(answer.headers['x-ratelimit-limit']).toBe(String(limit));
    expect(answer.headers['x-ratelimit-remaining']).toBe('0');
    expect(answer.headers['x-ratelimit-reset']).toBe(answer.headers['retry-after']);
  }

  it('throttles a flood of forged tokens before it costs a signature check each', async () => {
    const forged = { ...from('10.9.0.1'), authorization: 'Bearer eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.AAAA' };
    for (let i = 0; i < 8; i++) {
      expectError(await send(gw.url, { path: '/api/v1/me', headers: forged }), 401, 'INVALID_TOKEN');
    }
    expectLimited(await send(gw.url, { path: '/api/v1/me', headers: forged }), 'ip', 8);
  });

  it('allows RATE_LIMIT_MAX requests per IP and window, then answers 429 with retry-after', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 8; i++) {
      const answer = await send(gw.url, { path: '/api/v1/me', headers: from('10.1.0.1') });
      expect(answer.status).toBe(200);
      expect(answer.headers['x-ratelimit-limit']).toBe('8');
      remaining.push(String(answer.headers['x-ratelimit-remaining']));
    }
    expect(remaining).toEqual(['7', '6', '5', '4', '3', '2', '1', '0']);
    const before = identity.seen.length;
    expectLimited(await send(gw.url, { path: '/api/v1/me', headers: from('10.1.0.1') }), 'ip', 8);
    // Unknown paths count and are refused too: scanning is traffic.
    expectLimited(await send(gw.url, { path: '/api/v1/nowhere', headers: from('10.1.0.1') }), 'ip', 8);
    expect(identity.seen.length).toBe(before);
    // Another client is not affected.
    expect((await send(gw.url, { path: '/api/v1/me', headers: from('10.1.0.2') })).status).toBe(200);
  });

  it('never limits health, readiness and status (metrics are on the operator port)', async () => {
    for (let i = 0; i < 10; i++) {
      for (const path of ['/healthz', '/readyz', '/api/v1/status']) {
        const answer = await send(gw.url, { path, headers: from('10.2.0.1') });
        expect(answer.status, path).toBe(200);
      }
    }
    const answer = await send(gw.url, { path: '/api/v1/me', headers: from('10.2.0.1') });
    expect(answer.headers['x-ratelimit-remaining']).toBe('7');
  });

  it('limits /api/v1/auth/* per IP more strictly', async () => {
    for (let i = 0; i < 5; i++) {
      const answer = await send(gw.url, {
        method: 'POST',
        path: '/api/v1/auth/refresh',
        headers: from('10.3.0.1'),
        body: '{}',
      });
      expect(answer.status).toBe(201);
      expect(answer.headers['x-ratelimit-limit']).toBe('5');
    }
    expectLimited(
      await send(gw.url, { method: 'POST', path: '/api/v1/auth/refresh', headers: from('10.3.0.1') }),
      'auth_ip',
      5,
    );
    // The stricter limit is the auth routes' only.
    expect((await send(gw.url, { path: '/api/v1/me', headers: from('10.3.0.1') })).status).toBe(200);
  });

  it('limits logins per email across IPs, whatever the case and spacing of the address', async () => {
    for (const [ip, email] of [
      ['10.4.0.1', 'victim@example.com'],
      ['10.4.0.2', 'Victim@Example.COM'],
      ['10.4.0.3', '  victim@example.com '],
    ] as const) {
      expect((await login(ip, email)).status).toBe(201);
    }
    const before = identity.seen.length;
    // The same route however its path is spelled: the router decodes it as identity's does.
    expectLimited(
      await login('10.4.0.4', 'VICTIM@example.com', '/api/v1/auth/logi%6E?next=1'),
      'login_email',
      3,
    );
    expect(identity.seen.length).toBe(before);
    // Other accounts, from the same address, are not affected.
    expect((await login('10.4.0.4', 'someone.else@example.com')).status).toBe(201);
  });

  it('limits logins per email whatever encoding of JSON their bodies come in', async () => {
    const bodies = everyJsonEncoding(JSON.stringify({ email: 'bom@example.com', password: 'x' }));
    const sendAs = (ip: string, encoding: string) =>
      send(gw.url, {
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { ...from(ip), 'content-type': 'application/json' },
        body: bodies[encoding],
      });
    for (const [ip, encoding] of [
      ['10.8.0.1', 'UTF-8 with a BOM'],
      ['10.8.0.2', 'UTF-16LE'],
      ['10.8.0.3', 'UTF-32BE with a BOM'],
    ] as const) {
      expect((await sendAs(ip, encoding)).status).toBe(201);
    }
    expectLimited(await sendAs('10.8.0.4', 'UTF-16BE'), 'login_email', 3);
  });

  it('limits logins per IP across emails', async () => {
    for (let i = 0; i < 3; i++) expect((await login('10.5.0.1', `user${i}@example.com`)).status).toBe(201);
    expectLimited(await login('10.5.0.1', 'user9@example.com'), 'login_ip', 3);
  });

  it('counts a login whose body names no email per IP only, and lets identity answer it', async () => {
    for (const body of ['{"email": 42}', '{"password": "x"}', '{"email": "  "}', 'not json', '[]']) {
      const answer = await send(gw.url, {
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { ...from(`10.6.0.${body.length}`), 'content-type': 'application/json' },
        body,
      });
      expect([201, 400]).toContain(answer.status);
    }
  });

  it('forwards the chain of trusted proxies back to the client, not what the client wrote before it', async () => {
    const answer = await send(gw.url, { path: '/api/v1/me', headers: from('10.7.0.1, 10.7.0.2') });
    expect(answer.json().headers['x-forwarded-for']).toBe('10.7.0.2, 127.0.0.1');
  });
});

describe('gateway rate limits, store down', () => {
  let identity: FakeIdentity;
  let gw: TestGateway;

  beforeAll(async () => {
    identity = await startFakeIdentity();
    // Nothing listens there: every Redis command fails.
    gw = await startGateway({
      IDENTITY_URL: identity.url,
      REDIS_URL: 'redis://127.0.0.1:1',
      TRUST_PROXY: '1',
      RATE_LIMIT_MAX: '3',
      AUTH_RATE_LIMIT_MAX: '1',
    });
  });
  afterAll(async () => {
    await gw.close();
    await identity.close();
  });

  it('keeps the per-IP limit on its own counts rather than failing, and reports itself degraded', async () => {
    const headers = { 'x-forwarded-for': '10.8.1.1' };
    const remaining: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await send(gw.url, { path: '/api/v1/me', headers });
      expect(answer.status).toBe(200);
      remaining.push(answer.headers['x-ratelimit-remaining']);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    expectError(await send(gw.url, { path: '/api/v1/me', headers }), 429, 'RATE_LIMITED');
    const report = (await send(gw.url, { path: '/api/v1/status' })).json();
    expect(report.status).toBe('degraded');
    expect(report.services[0]).toMatchObject({
      name: 'gateway',
      status: 'degraded',
      checks: { cache: 'down' },
    });
  });

  it('lets the exact auth limits through uncounted rather than failing the requests', async () => {
    for (let i = 0; i < 3; i++) {
      const answer = await send(gw.url, {
        method: 'POST',
        path: '/api/v1/auth/refresh',
        headers: { 'x-forwarded-for': '10.8.2.1' },
      });
      expect(answer.status).not.toBe(429);
    }
  });
});
