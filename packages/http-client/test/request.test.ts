import { isAppError } from '@bodega/errors';
import { createUpstream, type Upstream } from '@bodega/http-client';
import { afterEach, describe, expect, it } from 'vitest';
import { refusedUrl, sendJson, startServer, type TestServer } from './http-server.js';

describe('an upstream request', () => {
  let server: TestServer | undefined;
  let upstream: Upstream | undefined;

  afterEach(async () => {
    await upstream?.close();
    await server?.close();
    upstream = undefined;
    server = undefined;
  });

  it('returns the answer with its status, headers and body', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'x-served-by': 'test' });
      response.end('hello');
    });
    upstream = createUpstream({ name: 'catalog', baseUrl: server.url });
    const answer = await upstream.request({ method: 'GET', path: '/products?limit=2' });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-served-by']).toBe('test');
    expect(answer.body.toString()).toBe('hello');
    expect(server.seen[0]).toMatchObject({ method: 'GET', url: '/products?limit=2' });
  });

  it('sends an object as JSON and parses a JSON answer', async () => {
    server = await startServer((request, response) => {
      sendJson(response, 201, {
        received: JSON.parse(request.body.toString()),
        type: request.headers['content-type'],
      });
    });
    upstream = createUpstream({ name: 'orders', baseUrl: server.url });
    const answer = await upstream.request({
      method: 'POST',
      path: '/orders',
      body: { items: [{ quantity: 2 }] },
    });
    expect(answer.status).toBe(201);
    expect(answer.json()).toEqual({ received: { items: [{ quantity: 2 }] }, type: 'application/json' });
  });

  it('sends a string or a Buffer as is, with the content type the caller chose', async () => {
    server = await startServer((request, response) => {
      response.end(`${request.headers['content-type']}:${request.body.toString()}`);
    });
    upstream = createUpstream({ name: 'search', baseUrl: server.url });
    const text = await upstream.request({
      method: 'PUT',
      path: '/a',
      body: 'plain',
      headers: { 'content-type': 'text/plain' },
    });
    const bytes = await upstream.request({
      method: 'PUT',
      path: '/b',
      body: Buffer.from('raw'),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect([text.body.toString(), bytes.body.toString()]).toEqual([
      'text/plain:plain',
      'application/octet-stream:raw',
    ]);
  });

  it('returns 4xx and 5xx answers as responses, not errors', async () => {
    server = await startServer((request, response) => {
      sendJson(response, request.url === '/missing' ? 404 : 500, { error: { code: 'X' } });
    });
    upstream = createUpstream({ name: 'catalog', baseUrl: server.url, retries: 0 });
    expect((await upstream.request({ method: 'GET', path: '/missing' })).status).toBe(404);
    expect((await upstream.request({ method: 'GET', path: '/broken' })).status).toBe(500);
  });

  it('prefixes paths with the base URL path', async () => {
    server = await startServer((_request, response) => response.end());
    upstream = createUpstream({ name: 'identity', baseUrl: `${server.url}/internal/` });
    await upstream.request({ method: 'GET', path: '/users/1' });
    expect(server.seen[0]!.url).toBe('/internal/users/1');
  });

  it('keeps connections alive between requests', async () => {
    server = await startServer((_request, response) => response.end('ok'));
    upstream = createUpstream({ name: 'catalog', baseUrl: server.url });
    for (let i = 0; i < 5; i++) await upstream.request({ method: 'GET', path: '/' });
    // undici may spread requests over a couple of sockets; what matters is that sockets get reused.
    expect(new Set(server.seen.map((request) => request.remotePort)).size).toBeLessThan(5);
  });

  it('does not forward hop-by-hop headers', async () => {
    server = await startServer((_request, response) => response.end());
    upstream = createUpstream({ name: 'catalog', baseUrl: server.url });
    await upstream.request({
      method: 'GET',
      path: '/',
      headers: {
        Connection: 'x-private',
        'x-private': 'secret',
        'x-request-id': 'r1',
        'keep-alive': 'timeout=5',
      },
    });
    const headers = server.seen[0]!.headers;
    expect(headers['x-request-id']).toBe('r1');
    expect(headers['x-private']).toBeUndefined();
    expect(headers['keep-alive']).toBeUndefined();
  });

  it('fails with a BadGateway naming only the upstream when its port refuses connections', async () => {
    upstream = createUpstream({ name: 'payments', baseUrl: await refusedUrl(), retries: 0 });
    const failure: unknown = await upstream
      .request({ method: 'GET', path: '/' })
      .catch((error: unknown) => error);
    expect(isAppError(failure)).toBe(true);
    expect(failure).toMatchObject({
      kind: 'bad_gateway',
      code: 'UPSTREAM_UNREACHABLE',
      status: 502,
      message: 'payments is unreachable',
      details: { upstream: 'payments' },
    });
  });

  it('fails with a Timeout when the upstream does not answer in time', async () => {
    server = await startServer(() => undefined);
    upstream = createUpstream({ name: 'search', baseUrl: server.url, timeoutMs: 50 });
    await expect(upstream.request({ method: 'GET', path: '/slow' })).rejects.toMatchObject({
      kind: 'timeout',
      code: 'UPSTREAM_TIMEOUT',
      details: { upstream: 'search' },
    });
    expect(server.seen).toHaveLength(1);
  });

  it('fails with a Timeout when the body stops arriving', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('the beginning');
    });
    upstream = createUpstream({ name: 'search', baseUrl: server.url });
    await expect(upstream.request({ method: 'GET', path: '/', timeoutMs: 50 })).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
    });
  });

  it('stops when the caller cancels, with the caller’s reason', async () => {
    server = await startServer(() => undefined);
    upstream = createUpstream({ name: 'search', baseUrl: server.url });
    const controller = new AbortController();
    const pending = upstream.request({ method: 'GET', path: '/', signal: controller.signal });
    const reason = new Error('client went away');
    setTimeout(() => {
      controller.abort(reason);
    }, 10);
    await expect(pending).rejects.toBe(reason);
  });

  it('throws a BadGateway from json() when the answer is not JSON', async () => {
    server = await startServer((_request, response) => response.end('<html>'));
    upstream = createUpstream({ name: 'catalog', baseUrl: server.url });
    const answer = await upstream.request({ method: 'GET', path: '/' });
    expect(() => answer.json()).toThrow(expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE' }));
  });

  it('refuses requests once closed', async () => {
    server = await startServer((_request, response) => response.end());
    upstream = createUpstream({ name: 'catalog', baseUrl: server.url });
    await upstream.close();
    await upstream.close();
    await expect(upstream.request({ method: 'GET', path: '/' })).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'UPSTREAM_CLOSED',
    });
  });

  it('refuses a base URL that is not http', () => {
    expect(() => createUpstream({ name: 'x', baseUrl: 'ftp://example.com' })).toThrow(TypeError);
  });
});
