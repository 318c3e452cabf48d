import net, { type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { Conflict, Internal } from '@bodega/errors';
import { createLogger } from '@bodega/logging';
import { createVerifier, generateSigningKey, KeyRing, signAccessToken, requireRole } from '@bodega/auth';
import { createMetricsRegistry } from './metrics.js';
import { createService } from './service.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().trim().split('\n'))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { stream, lines };
}

async function buildApp(
  options: { readiness?: Record<string, () => Promise<unknown>>; keyRing?: KeyRing } = {},
) {
  const out = capture();
  const app = createService({
    name: 'demo',
    logger: createLogger({ service: 'demo', destination: out.stream }),
    metrics: createMetricsRegistry('demo'),
    bodyLimit: 2048,
    ...(options.readiness ? { readiness: options.readiness } : {}),
    ...(options.keyRing ? { verifier: createVerifier({ jwks: () => options.keyRing!.jwks() }) } : {}),
  });
  app.post(
    '/items',
    {
      schema: {
        body: Type.Object(
          { name: Type.String({ minLength: 1 }), qty: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => reply.status(201).send({ name: request.body.name, qty: request.body.qty }),
  );
  app.get(
    '/page',
    {
      schema: {
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1 }),
          sort: Type.String({ default: 'new' }),
        }),
      },
    },
    async (request) => request.query,
  );
  app.get('/conflict', async () => {
    throw Conflict('Not enough stock', { code: 'OUT_OF_STOCK', details: { available: 0 } });
  });
  app.get('/boom', async () => {
    throw new Error('connection to 10.0.0.1 failed: SELECT * FROM secrets');
  });
  app.get('/things/:id', async () => ({ ok: true }));
  app.get('/internal-kind', async () => {
    throw Internal('Ledger mismatch', { cause: new Error('detail') });
  });
  app.get('/admin', async (request) => {
    const principal = requireRole(request.principal, 'admin');
    return { user: principal.user_id };
  });
  await app.ready();
  return { app, logs: out.lines };
}

function expectStandardError(body: unknown, code: string) {
  expect(body).toMatchObject({ error: { code, message: expect.any(String), details: expect.any(Object) } });
  const error = (body as { error: { timestamp: string; request_id: string } }).error;
  expect(error.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  expect(error.request_id.length).toBeGreaterThan(0);
}

describe('createService', () => {
  it('answers a valid request and keeps the caller request id', async () => {
    const { app } = await buildApp();
    const response = await app.inject({
      method: 'POST',
      url: '/items',
      payload: { name: 'a', qty: 2 },
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['x-request-id']).toBe('abc-123');
  });

  it('replaces a caller request id that does not look like one, so it is never echoed or logged', async () => {
    const { app } = await buildApp();
    for (const given of ['abc%0d%0aSet-Cookie:%20x=1', 'has spaces', 'ä', 'x'.repeat(129)]) {
      const response = await app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': given } });
      const id = response.headers['x-request-id'];
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.json().error.request_id).toBe(id);
    }
  });

  it('refuses text holding U+0000, which PostgreSQL cannot store, in a body or a query, with 400', async () => {
    const { app } = await buildApp();
    const inBody = await app.inject({ method: 'POST', url: '/items', payload: { name: 'a\u0000b', qty: 1 } });
    expect(inBody.statusCode).toBe(400);
    expectStandardError(inBody.json(), 'VALIDATION_ERROR');
    expect(inBody.json().error.details).toEqual({
      location: 'body',
      issues: [{ field: 'name', message: 'must not contain the NUL character (U+0000)' }],
    });
    const inQuery = await app.inject({ method: 'GET', url: '/page?limit=1&sort=new%00' });
    expect(inQuery.statusCode).toBe(400);
    expect(inQuery.json().error.details.issues).toEqual([
      { field: 'sort', message: 'must not contain the NUL character (U+0000)' },
    ]);
    expect((await app.inject({ method: 'GET', url: '/page?limit=1&sort=old' })).statusCode).toBe(200);
  });

  it('rejects unknown fields, wrong types and missing fields with field details', async () => {
    const { app } = await buildApp();
    const response = await app.inject({
      method: 'POST',
      url: '/items',
      payload: { name: 'a', qty: 'many', extra: true },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expectStandardError(body, 'VALIDATION_ERROR');
    const fields = (body.error.details.issues as { field: string }[]).map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(['extra', 'qty']));
  });

  it('checks bodies exactly as sent but converts query strings to their declared types', async () => {
    const { app } = await buildApp();
    const stringly = await app.inject({ method: 'POST', url: '/items', payload: { name: 'a', qty: '2' } });
    expect(stringly.statusCode).toBe(400);
    expect(stringly.json().error.details.issues).toEqual([{ field: 'qty', message: expect.any(String) }]);
    const missing = await app.inject({ method: 'POST', url: '/items', payload: { qty: 2 } });
    expect(missing.json().error.details.issues).toEqual([{ field: 'name', message: 'is required' }]);
    const query = await app.inject({ method: 'GET', url: '/page?limit=5' });
    expect(query.json()).toEqual({ limit: 5, sort: 'new' });
    const badQuery = await app.inject({ method: 'GET', url: '/page?limit=x' });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().error.details.location).toBe('querystring');
  });

  it('answers malformed JSON with a 400, an oversized body with a 413 and an unknown route with a 404', async () => {
    const { app } = await buildApp();
    const malformed = await app.inject({
      method: 'POST',
      url: '/items',
      payload: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expectStandardError(malformed.json(), 'MALFORMED_JSON');
    const large = await app.inject({
      method: 'POST',
      url: '/items',
      payload: { name: 'x'.repeat(5000), qty: 1 },
    });
    expect(large.statusCode).toBe(413);
    expectStandardError(large.json(), 'PAYLOAD_TOO_LARGE');
    const unsupported = await app.inject({
      method: 'POST',
      url: '/items',
      payload: 'x',
      headers: { 'content-type': 'application/x-unknown' },
    });
    expect(unsupported.statusCode).toBe(415);
    expectStandardError(unsupported.json(), 'UNSUPPORTED_MEDIA_TYPE');
    const missing = await app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(missing.statusCode).toBe(404);
    expectStandardError(missing.json(), 'NOT_FOUND');
  });

  it('answers URLs the router refuses (bad escapes, over-long parameters) in the standard body', async () => {
    const { app } = await buildApp();
    const badEscape = await app.inject({ method: 'GET', url: '/things/%E0%A4%A' });
    expect(badEscape.statusCode).toBe(400);
    expectStandardError(badEscape.json(), 'BAD_URL');
    const long = await app.inject({ method: 'GET', url: `/things/${'a'.repeat(500)}` });
    expect(long.statusCode).toBe(414);
    expectStandardError(long.json(), 'URI_TOO_LONG');
    expect(long.headers['x-request-id']).toBeTruthy();
  });

  it('maps an error kind to its status and keeps its precise code', async () => {
    const { app } = await buildApp();
    const response = await app.inject({ method: 'GET', url: '/conflict' });
    expect(response.statusCode).toBe(409);
    expectStandardError(response.json(), 'OUT_OF_STOCK');
    expect(response.json().error.details).toEqual({ available: 0 });
  });

  it('hides the internals of an unexpected failure but logs them with the request and trace ids', async () => {
    const { app, logs } = await buildApp();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const response = await app.inject({ method: 'GET', url: '/boom', headers: { traceparent } });
    expect(response.statusCode).toBe(500);
    expectStandardError(response.json(), 'INTERNAL_ERROR');
    expect(response.body).not.toContain('SELECT');
    expect(response.body).not.toContain('10.0.0.1');
    const logged = logs.find((line) => line.msg === 'unhandled error');
    expect(logged).toMatchObject({
      level: 'error',
      service: 'demo',
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
    expect(typeof logged?.request_id).toBe('string');
    const internal = await app.inject({ method: 'GET', url: '/internal-kind' });
    expect(internal.statusCode).toBe(500);
    expect(internal.json().error.message).toBe('Ledger mismatch');
  });

  it('reports health, readiness of each dependency, and metrics by route', async () => {
    let databaseUp = true;
    const { app, logs } = await buildApp({
      readiness: {
        database: async () => {
          if (!databaseUp) throw new Error('down');
        },
      },
    });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({
      status: 'ok',
      service: 'demo',
    });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    databaseUp = false;
    const degraded = await app.inject({ method: 'GET', url: '/readyz' });
    expect(degraded.statusCode).toBe(503);
    expect(degraded.json()).toMatchObject({ status: 'degraded', checks: { database: 'down' } });
    // A change of state is logged once with its cause, not on every probe.
    await app.inject({ method: 'GET', url: '/readyz' });
    databaseUp = true;
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const changes = logs.filter((line) => line.check === 'database');
    expect(changes.map((line) => [line.level, line.msg])).toEqual([
      ['warn', 'readiness check database is down'],
      ['info', 'readiness check database is back'],
    ]);
    expect((changes[0]?.err as { message?: string } | undefined)?.message).toBe('down');
    await app.inject({ method: 'POST', url: '/items', payload: { name: 'a', qty: 1 } });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain(
      'http_requests_total{method="POST",route="/items",status_code="201",service="demo"} 1',
    );
    expect(metrics.body).toContain('http_request_duration_seconds_bucket');
    expect(metrics.body).toContain('nodejs_eventloop_lag_seconds');
  });

  it('verifies bearer tokens before routes run and leaves roles to the route', async () => {
    const keyRing = new KeyRing(await generateSigningKey());
    const { app } = await buildApp({ keyRing });
    const admin = await signAccessToken(keyRing, { sub: 'u1', role: 'admin', sid: 's1' });
    const customer = await signAccessToken(keyRing, { sub: 'u2', role: 'customer', sid: 's2' });
    expect(
      (
        await app.inject({ method: 'GET', url: '/admin', headers: { authorization: `Bearer ${admin}` } })
      ).json(),
    ).toEqual({ user: 'u1' });
    const forbidden = await app.inject({
      method: 'GET',
      url: '/admin',
      headers: { authorization: `Bearer ${customer}` },
    });
    expect(forbidden.statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/admin' });
    expect(anonymous.statusCode).toBe(401);
    expectStandardError(anonymous.json(), 'AUTHENTICATION_REQUIRED');
    const forged = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { authorization: `Bearer ${admin.slice(0, -4)}AAAA` },
    });
    expect(forged.statusCode).toBe(401);
    expectStandardError(forged.json(), 'INVALID_TOKEN');
  });
});

describe('createService on a real socket', () => {
  it('answers an unparseable request with the standard error body', async () => {
    const { app } = await buildApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(address.port, '127.0.0.1', () => {
        socket.write('POST /items HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
      });
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => {
        resolve(data);
      });
      socket.on('error', reject);
    });
    await app.close();
    expect(raw).toMatch(/^HTTP\/1.1 400/);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    expectStandardError(body, 'BAD_REQUEST');
    // The id a client quotes is in the header as well, as on every other answer.
    expect(raw).toContain(`\r\nX-Request-Id: ${body.error.request_id}\r\n`);
  });

  it('trusts as many proxy hops as configured', async () => {
    const app = createService({
      name: 'hops',
      logger: createLogger({ service: 'hops', level: 'silent' }),
      metrics: createMetricsRegistry('hops'),
      trustProxy: 1,
    });
    app.get('/ip', async (request) => ({ ip: request.ip }));
    const response = await app.inject({
      method: 'GET',
      url: '/ip',
      headers: { 'x-forwarded-for': '6.6.6.6, 10.1.1.1' },
      remoteAddress: '10.0.0.2',
    });
    expect(response.json()).toEqual({ ip: '10.1.1.1' });
  });
});
