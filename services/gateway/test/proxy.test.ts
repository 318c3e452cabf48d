import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@bodega/testing';
import { startFakeIdentity, type FakeIdentity } from './fake-identity.js';
import { expectError, send, startGateway, type TestGateway } from './gateway.js';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('gateway proxy', () => {
  let identity: FakeIdentity;
  let gw: TestGateway;

  beforeAll(async () => {
    identity = await startFakeIdentity();
    gw = await startGateway({
      IDENTITY_URL: identity.url,
      BODY_LIMIT_BYTES: '4096',
      UPSTREAM_TIMEOUT_MS: '500',
      RATE_LIMIT_MAX: '1000',
      AUTH_RATE_LIMIT_MAX: '1000',
      LOGIN_RATE_LIMIT_MAX: '1000',
    });
  });
  afterAll(async () => {
    await gw.close();
    await identity.close();
  });

  it('forwards method, path, query, body and headers unchanged, with request id, trace and forwarding headers', async () => {
    const answer = await send(gw.url, {
      method: 'POST',
      path: '/api/v1/users/u-1/notes?x=1&y=%20z&x=2',
      headers: {
        'content-type': 'text/plain',
        'x-request-id': 'req-123',
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        'x-client': 'yes',
        connection: 'keep-alive, x-private',
        'x-private': 'for this hop only',
        'keep-alive': 'timeout=5',
        te: 'trailers',
        'proxy-authorization': 'Basic Zm9vOmJhcg==',
        forwarded: 'for=6.6.6.6',
        'x-forwarded-for': '6.6.6.6',
      },
      body: 'hello, upstream',
    });
    expect(answer.status).toBe(201);
    expect(answer.headers['x-request-id']).toBe('req-123');
    const echo = answer.json();
    expect(echo.method).toBe('POST');
    expect(echo.url).toBe('/api/v1/users/u-1/notes?x=1&y=%20z&x=2');
    expect(echo.body).toBe('hello, upstream');
    const headers = echo.headers as Record<string, string>;
    expect(headers['content-type']).toBe('text/plain');
    expect(headers['content-length']).toBe(String(Buffer.byteLength('hello, upstream')));
    expect(headers['x-client']).toBe('yes');
    expect(headers['x-request-id']).toBe('req-123');
    // Same trace, a span of the gateway's own.
    expect(headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(headers.traceparent).not.toContain('00f067aa0ba902b7');
    // TRUST_PROXY is off: the client's own X-Forwarded-For is not believed.
    expect(headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-forwarded-host']).toBe(new URL(gw.url).host);
    expect(headers.host).toBe(new URL(identity.url).host);
    for (const hopByHop of ['x-private', 'keep-alive', 'te', 'proxy-authorization', 'forwarded']) {
      expect(headers[hopByHop], hopByHop).toBeUndefined();
    }
  });

  it.each(['GET', 'PUT', 'PATCH', 'DELETE'])('forwards %s', async (method) => {
    const answer = await send(gw.url, { method, path: '/api/v1/me?fields=name' });
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({ method, url: '/api/v1/me?fields=name' });
  });

  it('gives each request an id and a trace when the client sends none', async () => {
    const answer = await send(gw.url, { path: '/api/v1/users' });
    const headers = answer.json().headers as Record<string, string>;
    expect(headers['x-request-id']).toBe(answer.headers['x-request-id']);
    expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('sends an empty body on as empty', async () => {
    const answer = await send(gw.url, { method: 'POST', path: '/api/v1/auth/logout' });
    expect(answer.status).toBe(201);
    expect(answer.json().body).toBe('');
  });

  it("answers with the upstream's status, headers and body, minus hop-by-hop and CORS headers", async () => {
    const answer = await send(gw.url, {
      path: '/api/v1/users/headers',
      headers: { origin: 'https://evil.example' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('plain text');
    expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(answer.headers['x-custom']).toBe('kept');
    expect(answer.headers['set-cookie']).toEqual(['a=1; HttpOnly', 'b=2; HttpOnly']);
    expect(answer.headers['x-upstream-private']).toBeUndefined();
    expect(answer.headers['keep-alive']).not.toBe('timeout=5');
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  it("passes the upstream's errors through as they are", async () => {
    for (const status of [404, 409, 422]) {
      const answer = await send(gw.url, { path: `/api/v1/users/status/${status}` });
      expect(answer.status).toBe(status);
      expect(answer.json().error.code).toBe('FORCED');
    }
  });

  it("forwards HEAD as HEAD and answers with the upstream's length and no body", async () => {
    const head = await send(gw.url, { method: 'HEAD', path: '/api/v1/users' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(identity.seen.at(-1)?.method).toBe('HEAD');
    const upstreamLength = JSON.stringify({
      method: 'HEAD',
      url: '/api/v1/users',
      headers: identity.seen.at(-1)?.headers,
      body: '',
    }).length;
    expect(head.headers['content-length']).toBe(String(upstreamLength));
  });

  it('passes malformed JSON to the upstream byte for byte, which answers 400', async () => {
    const body = '{"email": "a@b.c", "password": ';
    const answer = await send(gw.url, {
      method: 'POST',
      path: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expectError(answer, 400, 'MALFORMED_JSON');
    expect(identity.seen.at(-1)?.body.toString()).toBe(body);
  });

  it('refuses a body over BODY_LIMIT_BYTES with a 413, declared or chunked, without forwarding it', async () => {
    const before = identity.seen.length;
    const declared = await send(gw.url, {
      method: 'POST',
      path: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(5000) }),
    });
    expectError(declared, 413, 'PAYLOAD_TOO_LARGE');
    const chunked = await send(gw.url, {
      method: 'PATCH',
      path: '/api/v1/me',
      headers: { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' },
      body: Buffer.alloc(8192, 1),
    });
    expectError(chunked, 413, 'PAYLOAD_TOO_LARGE');
    expect(identity.seen.length).toBe(before);
  });

  it.each([
    '/internal/users',
    '/internal/users/u-1',
    '/api/v1/internal/users',
    '/api/v1/../internal/users',
    '/api/v1/auth/../../../internal/users',
    '/api/v1/auth/%2e%2e/%2E%2E/%2e%2e/internal/users',
    '/api/v1/users/.%2e/.%2e/.%2e/internal/users',
    '/api/v1/users%2f..%2f..%2f..%2finternal%2fusers',
    '/api/v1/users/..%5c..%5c..%5cinternal',
    '/api/v1/auth/./login',
    '//internal/users',
    '/api/v2/me',
    '/api/v1/unknown',
    '/api/v1/mee',
  ])('never forwards %s (404)', async (path) => {
    const before = identity.seen.length;
    const answer = await send(gw.url, { method: 'GET', path });
    expectError(answer, 404, 'NOT_FOUND');
    expect(identity.seen.length).toBe(before);
  });

  it('never forwards OPTIONS: without a CORS preflight it is a 404', async () => {
    const before = identity.seen.length;
    const answer = await send(gw.url, { method: 'OPTIONS', path: '/api/v1/me' });
    expectError(answer, 404, 'NOT_FOUND');
    expect(identity.seen.length).toBe(before);
  });

  it('answers a slow upstream with a 504 once UPSTREAM_TIMEOUT_MS is over', async () => {
    const answer = await send(gw.url, { method: 'POST', path: '/api/v1/users/slow' });
    expectError(answer, 504, 'UPSTREAM_TIMEOUT');
    expect(answer.ms).toBeLessThan(1_400);
  });
});

describe('gateway proxy, upstream down', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway({ IDENTITY_URL: `http://127.0.0.1:${await freePort()}`, RATE_LIMIT_MAX: '1000' });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('answers 502 when the upstream cannot be reached, without internals', async () => {
    const answer = await send(gw.url, { method: 'POST', path: '/api/v1/auth/register', body: '{}' });
    expectError(answer, 502, 'UPSTREAM_UNREACHABLE');
    expect(answer.body.toString()).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|at .*\.ts/);
  });

  it('opens the circuit after repeated failures, then answers 503 at once with retry-after', async () => {
    let last = await send(gw.url, { method: 'POST', path: '/api/v1/users' });
    for (let attempt = 0; attempt < 20 && last.status === 502; attempt++) {
      last = await send(gw.url, { method: 'POST', path: '/api/v1/users' });
    }
    expectError(last, 503, 'CIRCUIT_OPEN');
    const fast = await send(gw.url, { path: '/api/v1/me' });
    expectError(fast, 503, 'CIRCUIT_OPEN');
    expect(Number(fast.headers['retry-after'])).toBeGreaterThan(0);
    expect(fast.ms).toBeLessThan(100);
  });
});
