import { createUpstream, type Upstream } from '@bodega/http-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startServer, type TestServer } from './http-server.js';

/** Answers 503 to the first `failures` requests, then 200. */
function flaky(failures: number) {
  return startServer((_request, response, index) => {
    response.statusCode = index < failures ? 503 : 200;
    response.end(index < failures ? 'busy' : 'ok');
  });
}

/** Drops the connection of the first `failures` requests without answering, then answers 200. */
function resetting(failures: number) {
  return startServer((request, response, index) => {
    if (index < failures) response.socket?.destroy();
    else response.end(`ok after ${request.url}`);
  });
}

describe('retries', () => {
  let server: TestServer | undefined;
  let upstream: Upstream | undefined;

  afterEach(async () => {
    await upstream?.close();
    await server?.close();
  });

  const make = (url: string, retries?: number) =>
    createUpstream({
      name: 'catalog',
      baseUrl: url,
      backoff: { baseMs: 1, maxMs: 5 },
      ...(retries === undefined ? {} : { retries }),
    });

  it('retries a GET answered 503 until it succeeds', async () => {
    server = await flaky(2);
    upstream = make(server.url);
    const answer = await upstream.request({ method: 'GET', path: '/' });
    expect(answer.status).toBe(200);
    expect(server.seen).toHaveLength(3);
  });

  it('retries a GET whose connection was reset', async () => {
    server = await resetting(1);
    upstream = make(server.url);
    expect((await upstream.request({ method: 'GET', path: '/x' })).body.toString()).toBe('ok after /x');
    expect(server.seen).toHaveLength(2);
  });

  it('retries PUT, DELETE, HEAD and OPTIONS too', async () => {
    server = await flaky(Number.POSITIVE_INFINITY);
    upstream = make(server.url, 1);
    for (const method of ['PUT', 'delete', 'HEAD', 'OPTIONS']) await upstream.request({ method, path: '/' });
    expect(server.seen).toHaveLength(8);
  });

  it('never retries a POST, whatever went wrong', async () => {
    server = await flaky(1);
    upstream = make(server.url);
    expect((await upstream.request({ method: 'POST', path: '/orders', body: {} })).status).toBe(503);
    await server.close();

    server = await resetting(1);
    upstream = make(server.url);
    await expect(upstream.request({ method: 'POST', path: '/orders', body: {} })).rejects.toMatchObject({
      code: 'UPSTREAM_UNREACHABLE',
    });
    expect(server.seen).toHaveLength(1);
  });

  it('returns the last answer once the retries are spent', async () => {
    server = await flaky(10);
    upstream = make(server.url, 2);
    const answer = await upstream.request({ method: 'GET', path: '/' });
    expect([answer.status, answer.body.toString()]).toEqual([503, 'busy']);
    expect(server.seen).toHaveLength(3);
  });

  it('does not retry a 500, which another attempt would not fix', async () => {
    server = await startServer((_request, response) => {
      response.statusCode = 500;
      response.end();
    });
    upstream = make(server.url);
    expect((await upstream.request({ method: 'GET', path: '/' })).status).toBe(500);
    expect(server.seen).toHaveLength(1);
  });

  it('does not retry a timeout, which would only add load to a slow upstream', async () => {
    server = await startServer(() => undefined);
    upstream = createUpstream({ name: 'catalog', baseUrl: server.url, timeoutMs: 30 });
    await expect(upstream.request({ method: 'GET', path: '/' })).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
    });
    expect(server.seen).toHaveLength(1);
  });

  it('stops waiting between attempts when the caller cancels', async () => {
    server = await flaky(10);
    upstream = createUpstream({
      name: 'catalog',
      baseUrl: server.url,
      backoff: { baseMs: 10_000, maxMs: 10_000 },
    });
    const controller = new AbortController();
    const reason = new Error('gave up');
    const pending = upstream.request({ method: 'GET', path: '/', signal: controller.signal });
    await vi.waitFor(() => {
      expect(server?.seen).toHaveLength(1);
    });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});
