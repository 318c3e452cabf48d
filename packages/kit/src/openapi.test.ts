import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ErrorBody, registerFormats } from '@bodega/contracts';
import { silentLogger } from '@bodega/logging';
import { parseServicePublicKeys, serviceTokenGuard } from '@bodega/auth';
import { createMetricsRegistry } from './metrics.js';
import { errorResponse, type OpenApiDocument } from './openapi.js';
import { createService } from './service.js';

registerFormats();

// Documents are read loosely: each test asserts the parts it cares about.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const Item = Type.Object(
  { name: Type.String(), qty: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

/** A service the way every app.ts builds one: routes declared right after createService, no await between. */
async function documentOf(
  declare: (app: ReturnType<typeof createService>) => void,
): Promise<OpenApiDocument> {
  const app = createService({ name: 'demo', logger: silentLogger(), metrics: createMetricsRegistry('demo') });
  declare(app);
  await app.ready();
  const response = await app.inject({ method: 'GET', url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  await app.close();
  return response.json<OpenApiDocument>();
}

describe('the OpenAPI document of a service', () => {
  it('describes every route from its schemas, tagged with the service, in OpenAPI 3.1', async () => {
    const document = await documentOf((app) => {
      app.post(
        '/api/v1/items',
        { schema: { summary: 'Add an item', body: Item, response: { 201: Item, 409: errorResponse(409) } } },
        async (_request, reply) => reply.status(201).send({ name: 'a', qty: 1 }),
      );
      app.get(
        '/api/v1/items/:id',
        { schema: { params: Type.Object({ id: Type.String() }), response: { 200: Item } } },
        async () => ({ name: 'a', qty: 1 }),
      );
    });
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('Bodega demo');
    const post = document.paths['/api/v1/items']?.post as Json;
    expect(post.summary).toBe('Add an item');
    expect(post.tags).toEqual(['demo']);
    expect(post.requestBody).toMatchObject({
      required: true,
      content: { 'application/json': { schema: { type: 'object' } } },
    });
    expect(post.responses['201']).toMatchObject({
      description: 'Created',
      content: { 'application/json': {} },
    });
    expect(post.responses['409'].content['application/json'].example.error.code).toBe('CONFLICT');
    const get = document.paths['/api/v1/items/{id}']?.get as Json;
    expect(get.parameters).toEqual([expect.objectContaining({ in: 'path', name: 'id', required: true })]);
    expect(get.responses['200'].description).toBe('OK');
  });

  it('adds the 400 of schema validation to a route that takes input and does not list it', async () => {
    const document = await documentOf((app) => {
      app.get(
        '/api/v1/search',
        { schema: { querystring: Type.Object({ q: Type.String() }) } },
        async () => ({}),
      );
      app.get('/api/v1/plain', { schema: { response: { 200: Item } } }, async () => ({ name: 'a', qty: 1 }));
    });
    const search = document.paths['/api/v1/search']?.get as Json;
    expect(search.responses['400'].content['application/json'].example.error.code).toBe('VALIDATION_ERROR');
    const plain = document.paths['/api/v1/plain']?.get as Json;
    expect(plain.responses['400']).toBeUndefined();
  });

  it('does not require of a client the parameters that have a default', async () => {
    const document = await documentOf((app) => {
      app.get(
        '/api/v1/list',
        {
          schema: {
            querystring: Type.Object({ limit: Type.Integer({ default: 20 }), q: Type.String() }),
            headers: Type.Object({ 'x-page': Type.String({ default: '1' }) }),
          },
        },
        async () => ({}),
      );
    });
    const list = document.paths['/api/v1/list']?.get as { parameters: { name: string; required: boolean }[] };
    expect(Object.fromEntries(list.parameters.map((p) => [p.name, p.required]))).toEqual({
      limit: false,
      q: true,
      'x-page': false,
    });
  });

  it('leaves out health, readiness, metrics, itself, internal routes, hidden routes and HEAD', async () => {
    const document = await documentOf((app) => {
      const onRequest = serviceTokenGuard(parseServicePublicKeys(''), { audience: 'demo' }).allow('orders');
      app.post('/internal/reservations', { onRequest }, async () => ({}));
      app.get('/internal', { onRequest }, async () => ({}));
      app.get('/api/v1/hidden', { schema: { hide: true } }, async () => ({}));
      app.get('/api/v1/internal-looking', async () => ({}));
    });
    expect(Object.keys(document.paths)).toEqual(['/api/v1/internal-looking']);
    expect(Object.keys(document.paths['/api/v1/internal-looking'] ?? {})).toEqual(['get']);
  });

  it('documents a body that may be left out (a union with Undefined) as optional', async () => {
    const document = await documentOf((app) => {
      app.post(
        '/api/v1/orders/:id/cancel',
        {
          schema: {
            params: Type.Object({ id: Type.String() }),
            body: Type.Union([Type.Object({ reason: Type.String() }), Type.Null(), Type.Undefined()]),
          },
        },
        async () => ({}),
      );
    });
    const cancel = document.paths['/api/v1/orders/{id}/cancel']?.post as Json;
    expect(cancel.requestBody.required).toBe(false);
    expect(JSON.stringify(cancel.requestBody)).not.toContain('undefined');
    expect(cancel['x-bodega-optional-body']).toBeUndefined();
  });

  it('builds the document once and serves the same one after', async () => {
    const app = createService({
      name: 'demo',
      logger: silentLogger(),
      metrics: createMetricsRegistry('demo'),
    });
    app.get('/api/v1/x', async () => ({}));
    await app.ready();
    const first = await app.inject({ method: 'GET', url: '/openapi.json' });
    const second = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(second.body).toBe(first.body);
    await app.close();
  });
});

describe('errorResponse', () => {
  it('is the standard error body with a valid example of the kind of its status', () => {
    const cases: [number, string][] = [
      [400, 'VALIDATION_ERROR'],
      [401, 'TOKEN_EXPIRED'],
      [402, 'PAYMENT_DECLINED'],
      [403, 'FORBIDDEN'],
      [404, 'NOT_FOUND'],
      [409, 'CONFLICT'],
      [413, 'PAYLOAD_TOO_LARGE'],
      [415, 'UNSUPPORTED_MEDIA_TYPE'],
      [422, 'UNPROCESSABLE'],
      [429, 'RATE_LIMITED'],
      [500, 'INTERNAL_ERROR'],
      [502, 'BAD_GATEWAY'],
      [503, 'SERVICE_UNAVAILABLE'],
      [504, 'UPSTREAM_TIMEOUT'],
    ];
    for (const [status, code] of cases) {
      const schema = errorResponse(status);
      expect(schema.title).toBe('ErrorBody');
      expect(schema.description, String(status)).toEqual(expect.any(String));
      const [example] = schema.examples as unknown[];
      expect(Value.Check(ErrorBody, example), String(status)).toBe(true);
      expect(Value.Check(schema, example)).toBe(true);
      expect((example as { error: { code: string } }).error.code, String(status)).toBe(code);
    }
  });
});
