import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIdentity, type FakeIdentity } from './fake-identity.js';
import { send, startGateway, type TestGateway } from './gateway.js';

describe('gateway status and landing', () => {
  let identity: FakeIdentity;
  let gw: TestGateway;

  beforeAll(async () => {
    identity = await startFakeIdentity();
    gw = await startGateway({ ...upstreamsAt(identity.url), STATUS_TIMEOUT_MS: '300' });
  });
  afterAll(async () => {
    await gw.close();
    await identity.close();
  });

  it('reports every service up when each is ready', async () => {
    const answer = await send(gw.url, { path: '/api/v1/status' });
    expect(answer.status).toBe(200);
    const report = answer.json();
    expect(report).toEqual({
      status: 'ok',
      checked_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      services: [
        { name: 'gateway', status: 'up', latency_ms: expect.any(Number), checks: { cache: 'ok' } },
        ...['identity', 'catalog', 'search', 'orders', 'payments', 'analytics'].map((name) => ({
          name,
          status: 'up',
          latency_ms: expect.any(Number),
          checks: { database: 'ok' },
          circuit: 'closed',
        })),
      ],
    });
  });

  it('reports a service whose dependency is down as degraded, still with a 200', async () => {
    identity.ready = false;
    try {
      await pause(1_050); // past the reuse of the previous report
      const answer = await send(gw.url, { path: '/api/v1/status' });
      expect(answer.status).toBe(200);
      expect(answer.json()).toMatchObject({
        status: 'degraded',
        services: [
          { name: 'gateway', status: 'up' },
          { name: 'identity', status: 'degraded', checks: { database: 'down' } },
          { name: 'catalog', status: 'degraded' },
          { name: 'search', status: 'degraded' },
          { name: 'orders', status: 'degraded' },
          { name: 'payments', status: 'degraded' },
          { name: 'analytics', status: 'degraded' },
        ],
      });
    } finally {
      identity.ready = true;
    }
  });

  it('reports a service that does not answer as down, within the status timeout', async () => {
    // Accepts connections and never answers: a hung process.
    const sockets = new Set<Socket>();
    const hung = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const { port } = hung.address() as AddressInfo;
    const lost = await startGateway({
      ...upstreamsAt(identity.url),
      IDENTITY_URL: `http://127.0.0.1:${port}`,
      STATUS_TIMEOUT_MS: '300',
    });
    try {
      const answer = await send(lost.url, { path: '/api/v1/status' });
      expect(answer.status).toBe(200);
      expect(answer.ms).toBeLessThan(1_000);
      expect(answer.json()).toMatchObject({
        status: 'degraded',
        services: [
          { name: 'gateway' },
          { name: 'identity', status: 'down', checks: {} },
          { name: 'catalog', status: 'up' },
          { name: 'search', status: 'up' },
          { name: 'orders', status: 'up' },
          { name: 'payments', status: 'up' },
          { name: 'analytics', status: 'up' },
        ],
      });
    } finally {
      await lost.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => hung.close(resolve));
    }
  });

  it('probes once for a burst of status requests', async () => {
    await pause(1_050);
    const reports = await Promise.all(
      Array.from({ length: 5 }, () => send(gw.url, { path: '/api/v1/status' })),
    );
    expect(new Set(reports.map((answer) => answer.json().checked_at)).size).toBe(1);
  });

  it('answers / with links for people and JSON for programs', async () => {
    const page = await send(gw.url, { path: '/', headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    // The web app when apps/web/dist is built (src/web/web-app.test.ts), else the landing page.
    expect(page.body.toString()).toMatch(/href="\/api\/v1\/status"|<div id="root">/);
    const json = await send(gw.url, { path: '/' });
    expect(json.json()).toMatchObject({ links: { status: '/api/v1/status' } });
  });

  it('answers its own health, readiness and metrics', async () => {
    expect((await send(gw.url, { path: '/healthz' })).json()).toEqual({ status: 'ok', service: 'gateway' });
    expect((await send(gw.url, { path: '/readyz' })).json()).toMatchObject({
      status: 'ready',
      checks: { cache: 'ok' },
    });
    const metrics = await send(gw.opsUrl, { path: '/metrics' });
    expect(metrics.body.toString()).toContain('http_requests_total');
  });
});

function pause(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Every upstream at one fake service, which answers each /readyz the same way. */
function upstreamsAt(url: string): Record<string, string> {
  return {
    IDENTITY_URL: url,
    CATALOG_URL: url,
    SEARCH_URL: url,
    ORDERS_URL: url,
    PAYMENTS_URL: url,
    ANALYTICS_URL: url,
  };
}
