import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIdentity, type FakeIdentity } from './fake-identity.js';
import { expectError, send, startGateway, type TestGateway } from './gateway.js';

describe('gateway CORS and security headers', () => {
  let identity: FakeIdentity;
  let gw: TestGateway;
  const webApp = 'http://localhost:5173';

  beforeAll(async () => {
    identity = await startFakeIdentity();
    gw = await startGateway({ IDENTITY_URL: identity.url, CORS_ORIGINS: `${webApp}, https://shop.example` });
  });
  afterAll(async () => {
    await gw.close();
    await identity.close();
  });

  it('lets a listed origin call the API with credentials and read the headers it needs', async () => {
    const answer = await send(gw.url, { path: '/api/v1/me', headers: { origin: 'https://shop.example' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(answer.headers['access-control-allow-credentials']).toBe('true');
    expect(answer.headers['access-control-expose-headers']).toContain('x-request-id');
    expect(answer.headers['access-control-expose-headers']).toContain('retry-after');
    expect(answer.headers.vary).toContain('Origin');
  });

  it('answers the preflight of a listed origin without forwarding it', async () => {
    const before = identity.seen.length;
    const answer = await send(gw.url, {
      method: 'OPTIONS',
      path: '/api/v1/me',
      headers: {
        origin: webApp,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe(webApp);
    expect(answer.headers['access-control-allow-credentials']).toBe('true');
    expect(answer.headers['access-control-allow-methods']).toContain('PATCH');
    expect(answer.headers['access-control-allow-headers']).toBe('authorization, content-type');
    expect(answer.headers['access-control-max-age']).toBe('600');
    expect(identity.seen.length).toBe(before);
  });

  it('gives any other origin no CORS header at all, and its preflight a 404', async () => {
    for (const origin of [
      'https://evil.example',
      'http://localhost:5174',
      'null',
      'https://shop.example.evil.example',
    ]) {
      const answer = await send(gw.url, { path: '/api/v1/me', headers: { origin } });
      expect(answer.status).toBe(200);
      const cors = Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'));
      expect(cors, origin).toEqual([]);
      const preflight = await send(gw.url, {
        method: 'OPTIONS',
        path: '/api/v1/me',
        headers: { origin, 'access-control-request-method': 'DELETE' },
      });
      expectError(preflight, 404, 'NOT_FOUND');
      expect(Object.keys(preflight.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('sends security headers on every answer: proxied, errors and its own', async () => {
    const answers = [
      await send(gw.url, { path: '/api/v1/me' }),
      await send(gw.url, { path: '/nowhere' }),
      await send(gw.url, { path: '/api/v1/me', headers: { authorization: 'Bearer bad' } }),
      await send(gw.url, { path: '/' }),
    ];
    for (const answer of answers) {
      const csp = String(answer.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(answer.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(answer.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('lets a listed origin read an error: CORS headers on a 401 too', async () => {
    const answer = await send(gw.url, {
      path: '/api/v1/me',
      headers: { origin: webApp, authorization: 'Bearer bad' },
    });
    expectError(answer, 401, 'INVALID_TOKEN');
    expect(answer.headers['access-control-allow-origin']).toBe(webApp);
  });
});
