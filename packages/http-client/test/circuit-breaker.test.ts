import {
  createUpstream,
  type CircuitState,
  type CircuitStateChange,
  type Upstream,
} from '@bodega/http-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './http-server.js';

/** Resolves at the upstream's next transition to `state`: waits on the event, not on a guessed delay. */
function reaches(upstream: Upstream, state: CircuitState): Promise<void> {
  return new Promise((resolve) => {
    const stop = upstream.onStateChange((change) => {
      if (change.to !== state) return;
      stop();
      resolve();
    });
  });
}

describe('the circuit breaker', () => {
  let server: TestServer | undefined;
  let upstream: Upstream | undefined;
  let healthy = false;
  let hang = false;

  afterEach(async () => {
    await upstream?.close();
    await server?.close();
    healthy = false;
    hang = false;
  });

  /**
   * Timeouts are long by default so a slow machine can neither time out a call that should answer nor
   * half-open the circuit mid-test; a test shortens the one it is about.
   */
  async function start({ resetTimeoutMs = 60_000, timeoutMs = 5_000 } = {}): Promise<Upstream> {
    server = await startServer((request, response) => {
      if (hang) return;
      const asked = /^\/status\/(\d{3})$/.exec(request.url);
      if (asked) response.statusCode = Number(asked[1]);
      else if (request.url === '/missing') response.statusCode = 404;
      else if (request.url === '/checkout') response.statusCode = 503;
      else response.statusCode = healthy ? 200 : 500;
      response.end();
    });
    return createUpstream({
      name: 'payments',
      baseUrl: server.url,
      timeoutMs,
      retries: 0,
      breaker: { errorThresholdPercentage: 50, resetTimeoutMs, volumeThreshold: 2 },
    });
  }

  it('opens after failures, then answers at once with CIRCUIT_OPEN without calling the upstream', async () => {
    upstream = await start();
    const changes: CircuitStateChange[] = [];
    upstream.onStateChange((change) => changes.push(change));
    await upstream.request({ method: 'GET', path: '/' });
    expect(upstream.state()).toBe('closed');
    await upstream.request({ method: 'GET', path: '/' });
    expect(upstream.state()).toBe('open');
    expect(changes).toEqual([{ upstream: 'payments', from: 'closed', to: 'open' }]);

    await expect(upstream.request({ method: 'GET', path: '/' })).rejects.toMatchObject({
      kind: 'unavailable',
      status: 503,
      code: 'CIRCUIT_OPEN',
      message: 'payments is unavailable',
      details: { upstream: 'payments' },
      headers: { 'retry-after': '60' },
    });
    expect(server?.seen).toHaveLength(2);
  });

  it('half-opens after the reset timeout and closes again when the trial call succeeds', async () => {
    upstream = await start({ resetTimeoutMs: 50 });
    const changes: CircuitStateChange[] = [];
    upstream.onStateChange((change) => changes.push(change));
    const halfOpen = reaches(upstream, 'half_open');
    await upstream.request({ method: 'GET', path: '/' });
    await upstream.request({ method: 'GET', path: '/' });
    await halfOpen;
    expect(upstream.state()).toBe('half_open');

    healthy = true;
    expect((await upstream.request({ method: 'GET', path: '/' })).status).toBe(200);
    expect(upstream.state()).toBe('closed');
    expect(changes.map(({ from, to }) => `${from}->${to}`)).toEqual([
      'closed->open',
      'open->half_open',
      'half_open->closed',
    ]);
  });

  it('opens again when the trial call fails', async () => {
    upstream = await start({ resetTimeoutMs: 50 });
    const halfOpen = reaches(upstream, 'half_open');
    await upstream.request({ method: 'GET', path: '/' });
    await upstream.request({ method: 'GET', path: '/' });
    await halfOpen;
    expect((await upstream.request({ method: 'GET', path: '/' })).status).toBe(500);
    expect(upstream.state()).toBe('open');
  });

  it('counts timeouts as failures', async () => {
    upstream = await start({ timeoutMs: 30 });
    hang = true;
    for (let i = 0; i < 2; i++) {
      await expect(upstream.request({ method: 'GET', path: '/' })).rejects.toMatchObject({
        code: 'UPSTREAM_TIMEOUT',
      });
    }
    expect(upstream.state()).toBe('open');
  });

  it('stays closed on 4xx answers, which are the caller’s problem', async () => {
    upstream = await start();
    for (let i = 0; i < 5; i++) await upstream.request({ method: 'GET', path: '/missing' });
    expect(upstream.state()).toBe('closed');
  });

  it('never opens on answers to bad input, however many, and still opens on the 5xx that follow', async () => {
    upstream = await start();
    const clientErrors = [400, 401, 403, 404, 405, 409, 413, 415, 422, 429];
    for (let round = 0; round < 3; round++)
      for (const status of clientErrors)
        expect((await upstream.request({ method: 'GET', path: `/status/${status}` })).status).toBe(status);
    expect(upstream.state()).toBe('closed');
    expect(server?.seen).toHaveLength(3 * clientErrors.length);
    // The window holds 30 answers that were not failures: 5xx must be over half of it before it opens.
    for (let i = 0; i < 31; i++) await upstream.request({ method: 'GET', path: '/status/500' });
    expect(upstream.state()).toBe('open');
  });

  it('stays closed on 503 answers: a live upstream saying it cannot do this now (its own dependency is down)', async () => {
    upstream = await start();
    for (let i = 0; i < 5; i++) {
      expect((await upstream.request({ method: 'POST', path: '/checkout', body: {} })).status).toBe(503);
    }
    expect(upstream.state()).toBe('closed');
    expect(server?.seen).toHaveLength(5);
  });

  it('stays closed when callers cancel their own requests', async () => {
    upstream = await start();
    hang = true;
    for (let i = 0; i < 3; i++) {
      const pending = upstream.request({
        method: 'GET',
        path: '/',
        signal: AbortSignal.abort(new Error('bye')),
      });
      await expect(pending).rejects.toThrow('bye');
    }
    expect(upstream.state()).toBe('closed');
  });
});
