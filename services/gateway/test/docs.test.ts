import { Validator } from '@seriousme/openapi-schema-validator';
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceAuth } from '@bodega/auth';
import { createMetricsRegistry, createService, errorResponse, type ServiceApp } from '@bodega/kit';
import { silentLogger } from '@bodega/logging';
import { testServiceKeys } from '@bodega/testing';
import { startFakeIdentity, type FakeIdentity } from './fake-identity.js';
import { send, startGateway, type TestGateway } from './gateway.js';

/** A service built with the kit, as the real ones are, serving its own /openapi.json. */
async function startKitService(name: string, declare: (app: ServiceApp) => void) {
  const app = createService({ name, logger: silentLogger(), metrics: createMetricsRegistry(name) });
  let documentFetches = 0;
  app.addHook('onRequest', async (request) => {
    if (request.url === '/openapi.json') documentFetches++;
  });
  declare(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, fetches: () => documentFetches, close: () => app.close() };
}

// An internal route must name its callers (the kit refuses one that does not): catalog's, as in production.
const keys = testServiceKeys(['catalog', 'orders']);
const catalogAuth = createServiceAuth({
  service: 'catalog',
  privateKey: keys.privateKeys.catalog!,
  publicKeys: keys.publicKeys,
});

const Product = Type.Object({ id: Type.String(), name: Type.String() });
const Order = Type.Object({ id: Type.String(), status: Type.String() });
const Checkout = Type.Object({ payment: Type.Object({ card_number: Type.String() }) });

describe('the public API document and its viewer at /api/docs', () => {
  let identity: FakeIdentity;
  let catalog: Awaited<ReturnType<typeof startKitService>>;
  let orders: Awaited<ReturnType<typeof startKitService>>;
  let gw: TestGateway;

  beforeAll(async () => {
    identity = await startFakeIdentity();
    catalog = await startKitService('catalog', (app) => {
      app.get(
        '/api/v1/products/:id',
        {
          schema: {
            summary: 'One product',
            params: Type.Object({ id: Type.String() }),
            response: { 200: Product, 404: errorResponse(404) },
          },
        },
        async () => ({ id: 'p', name: 'Tray' }),
      );
      app.post('/internal/reservations', { onRequest: catalogAuth.allow('orders') }, async () => ({}));
      app.get('/api/v1/unlisted', { schema: { response: { 200: Product } } }, async () => ({
        id: 'p',
        name: 'x',
      }));
    });
    orders = await startKitService('orders', (app) => {
      const answers = { 201: Order, 402: errorResponse(402), 409: errorResponse(409) };
      app.post('/api/v1/checkout', { schema: { body: Checkout, response: answers } }, async () => ({
        id: 'o',
        status: 'paid',
      }));
      app.post('/api/v1/orders', { schema: { body: Checkout, response: answers } }, async () => ({
        id: 'o',
        status: 'paid',
      }));
      app.get(
        '/api/v1/cart',
        { schema: { response: { 200: Order, 404: errorResponse(404) } } },
        async () => ({ id: 'c', status: 'open' }),
      );
    });
    const nowhere = 'http://127.0.0.1:9';
    gw = await startGateway({
      IDENTITY_URL: identity.url,
      CATALOG_URL: catalog.url,
      ORDERS_URL: orders.url,
      SEARCH_URL: nowhere,
      PAYMENTS_URL: nowhere,
      ANALYTICS_URL: nowhere,
    });
  });
  afterAll(async () => {
    await gw.close();
    await catalog.close();
    await orders.close();
    await identity.close();
  });

  const documentAt = async (path = '/api/docs/openapi.json') => {
    const answer = await send(gw.url, { path });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    return answer.json();
  };

  it('is a valid OpenAPI 3.1 document of the operations the gateway forwards, and its own', async () => {
    const document = await documentAt();
    expect(await new Validator().validate(document)).toEqual({ valid: true });
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual([
      '/api/v1/products/{id}',
      '/api/v1/checkout',
      '/api/v1/orders',
      '/api/v1/cart',
      '/api/v1/status',
      '/api/v1/ops/overview',
      '/api/v1/ops/dead-letters',
      '/api/v1/ops/dead-letters/replay',
      '/api/v1/ops/traces',
      '/api/v1/ops/traces/{trace_id}',
    ]);
    expect(document.paths['/api/v1/products/{id}'].get).toMatchObject({
      summary: 'One product',
      tags: ['catalog'],
    });
    expect(document.paths['/api/v1/status'].get.tags).toEqual(['gateway']);
    expect(document.tags.map((tag: { name: string }) => tag.name)).toEqual(['catalog', 'orders', 'gateway']);
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
  });

  it('leaves out, without failing, the services that are down or answer no document', async () => {
    const document = await documentAt();
    expect(document['x-bodega-missing-services']).toEqual(['identity', 'search', 'payments', 'analytics']);
  });

  it('describes sessions, guest carts, idempotency keys, and one error body with examples', async () => {
    const document = await documentAt();
    expect(document.components.securitySchemes).toMatchObject({
      bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      cartToken: { type: 'apiKey', in: 'header', name: 'X-Cart-Token' },
    });
    expect(document.security).toEqual([{ bearerAuth: [] }, {}]);
    expect(document.paths['/api/v1/cart'].get.security).toEqual([{ bearerAuth: [] }, { cartToken: [] }, {}]);
    for (const path of ['/api/v1/checkout', '/api/v1/orders']) {
      expect(document.paths[path].post.parameters).toEqual([
        { $ref: '#/components/parameters/IdempotencyKey' },
      ]);
    }
    expect(document.components.parameters.IdempotencyKey).toMatchObject({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
    });
    const declined = document.paths['/api/v1/checkout'].post.responses['402'].content['application/json'];
    expect(declined.schema).toEqual({ $ref: '#/components/schemas/ErrorBody' });
    expect(declined.example.error.code).toBe('PAYMENT_DECLINED');
    expect(document.components.schemas.ErrorBody.properties.error.required).toEqual([
      'code',
      'message',
      'details',
      'timestamp',
      'request_id',
    ]);
    // The gateway's own answers on every forwarded operation: rate limits and upstream failures.
    expect(document.paths['/api/v1/cart'].get.responses['429']).toEqual({
      $ref: '#/components/responses/RateLimited',
    });
    expect(document.components.responses.RateLimited.content['application/json'].example.error.code).toBe(
      'RATE_LIMITED',
    );
    expect(document.paths['/api/v1/status'].get.responses['429']).toBeUndefined();
  });

  it('asks each service for its document once while the merged one is fresh', async () => {
    const before = catalog.fetches();
    await documentAt();
    await documentAt();
    expect(catalog.fetches()).toBe(before);
  });

  it('serves the viewer and every asset it loads itself, under the same CSP as the rest of the site', async () => {
    const page = await send(gw.url, { path: '/api/docs', headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = page.body.toString();
    // Scripts and styles from files only: nothing inline, nothing from another host.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset.startsWith('/api/docs/static/'), asset).toBe(true);
      const answer = await send(gw.url, { path: asset });
      expect(answer.status, asset).toBe(200);
      expect(answer.headers['content-security-policy']).toBe(page.headers['content-security-policy']);
    }
    const initializer = await send(gw.url, { path: '/api/docs/static/swagger-initializer.js' });
    expect(initializer.body.toString()).toContain("resolveUrl('./json')");
  });

  it('gives the viewer the same merged document', async () => {
    expect(await documentAt('/api/docs/json')).toEqual(await documentAt());
  });

  it("keeps the gateway's own document to its own routes: the status report and the operations API", async () => {
    const own = await documentAt('/openapi.json');
    expect(Object.keys(own.paths)).toContain('/api/v1/status');
    expect(
      Object.keys(own.paths).filter(
        (path) =>
          path.startsWith('/api/v1/') && path !== '/api/v1/status' && !path.startsWith('/api/v1/ops/'),
      ),
    ).toEqual([]);
    expect(JSON.stringify(own.paths)).not.toContain('/api/docs');
  });
});
