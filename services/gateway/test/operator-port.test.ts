import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIdentity, type FakeIdentity } from './fake-identity.js';
import { expectError, send, startGateway, type TestGateway } from './gateway.js';

describe("the gateway's operator port", () => {
  let identity: FakeIdentity;
  let gw: TestGateway;

  beforeAll(async () => {
    identity = await startFakeIdentity();
    gw = await startGateway({ IDENTITY_URL: identity.url });
  });
  afterAll(async () => {
    await gw.close();
    await identity.close();
  });

  it('keeps metrics and the operations routes off the public port: a 404 as for any unknown path', async () => {
    for (const path of [
      '/metrics',
      '/metrics/',
      '/metrics?x=1',
      '/internal/ops/summary',
      '/internal/ops/traces',
    ]) {
      const answer = await send(gw.url, { path });
      expectError(answer, 404, 'NOT_FOUND');
      // The gateway's own headers, as on every answer of the public door.
      expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });

  it('serves the metrics on the operator port, counting the public traffic', async () => {
    await send(gw.url, { path: '/api/v1/me' });
    const answer = await send(gw.opsUrl, { path: '/metrics' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain/);
    expect(answer.body.toString('utf8')).toMatch(
      /http_request_duration_seconds_count\{[^}]*service="gateway"/,
    );
  });

  it('answers the probes on both ports, and nothing of the public API on the operator port', async () => {
    for (const base of [gw.url, gw.opsUrl]) {
      expect((await send(base, { path: '/healthz' })).json()).toEqual({ status: 'ok', service: 'gateway' });
      expect((await send(base, { path: '/readyz' })).status).toBe(200);
    }
    for (const path of ['/api/v1/status', '/api/v1/me', '/', '/graphql']) {
      const answer = await send(gw.opsUrl, { path });
      expectError(answer, 404, 'NOT_FOUND');
    }
  });

  it("keeps the operations routes' own guard on the operator port", async () => {
    const answer = await send(gw.opsUrl, { path: '/internal/ops/summary' });
    expect(answer.status).toBe(401);
  });
});
