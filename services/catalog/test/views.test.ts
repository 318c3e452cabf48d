import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyEnvelope } from '@bodega/contracts';
import { databaseBackends, uniqueSuffix } from '@bodega/testing';
import { API, call, productInput, type ProductJson } from './support/api.js';
import { internal } from './support/internal.js';
import { startCatalog, SUBSCRIBER, type CatalogUnderTest } from './support/catalog.js';
import type { TestUser as User } from '@bodega/testing';

describe.each(databaseBackends())('product views on $name', (backend) => {
  let catalog: CatalogUnderTest;
  let customer: User;
  let product: ProductJson;
  const received: AnyEnvelope[] = [];
  let watching = false;

  beforeAll(async () => {
    catalog = await startCatalog(backend, { env: { VIEW_FLUSH_INTERVAL_MS: '2000' } });
    const manager = await catalog.identity.user('manager');
    customer = await catalog.identity.user('customer');
    const category = `views-${uniqueSuffix()}`;
    await call(catalog.app, {
      method: 'POST',
      url: `${API}/categories`,
      token: manager.token,
      body: { slug: category, name: 'Views' },
    });
    product = (
      await call(catalog.app, {
        method: 'POST',
        url: `${API}/products`,
        token: manager.token,
        body: productInput(category),
      })
    ).json<ProductJson>();
    const bus = await catalog.subscriberBus();
    if (bus) {
      watching = true;
      await bus.subscribe({
        consumer: SUBSCRIBER,
        types: ['catalog.product.viewed'],
        handler: async (envelope) => {
          received.push(envelope);
        },
      });
    }
  });
  afterAll(async () => {
    await catalog.close();
  });

  it('batches product reads (cache hits included) into one catalog.product.viewed event', async () => {
    if (!watching) return;
    const read = (headers: Record<string, string>, token?: string) =>
      call(catalog.app, { method: 'GET', url: `${API}/products/${product.id}`, headers, token });
    // At once, so that they land well inside one flush interval.
    await read({ 'x-session-id': 'session_1' }, customer.token);
    await Promise.all([read({ 'x-session-id': 'not a session!' }), read({})]);
    await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const views = received.flatMap((event) => (event.data as { views: unknown[] }).views);
    expect(received[0]).toMatchObject({ type: 'catalog.product.viewed', version: 1, source: 'catalog' });
    expect(views).toEqual([
      {
        product_id: product.id,
        category: product.category,
        customer_id: customer.id,
        session_id: 'session_1',
        viewed_at: expect.stringMatching(/Z$/),
      },
      expect.objectContaining({ customer_id: null, session_id: null }),
      expect.objectContaining({ customer_id: null, session_id: null }),
    ]);
    // The three reads arrived within one flush interval: one event carries them all.
    expect(received).toHaveLength(1);
  });

  it('records no view for a product that is not found', async () => {
    const before = received.length;
    await call(catalog.app, { method: 'GET', url: `${API}/products/no-such-product` });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(received.length).toBe(before);
  });

  it("records the reads the gateway's edge cache answered as views, and refuses malformed reports", async () => {
    if (!watching) return;
    const before = received.length;
    const at = new Date().toISOString();
    const report = (body: unknown, token = true) =>
      token
        ? internal(catalog, 'POST', '/internal/edge-hits', body, 'gateway')
        : call(catalog.app, { method: 'POST', url: '/internal/edge-hits', body });
    const accepted = await report({
      hits: [
        { url: `${API}/products/${product.id}`, user_id: customer.id, session_id: 'session_2', at },
        { url: `${API}/products/${product.slug}?utm=mail`, user_id: null, session_id: 'not a session!', at },
        // Not a product page, an unknown product, a malformed escape: skipped, not failed.
        { url: `${API}/products/${product.id}/reviews`, user_id: null, session_id: null, at },
        { url: `${API}/products/no-such-product`, user_id: null, session_id: null, at },
        { url: `${API}/products/%E0%A4%A`, user_id: null, session_id: null, at },
      ],
    });
    expect(accepted.statusCode, accepted.body).toBe(204);
    await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThan(before);
    const views = received.slice(before).flatMap((event) => (event.data as { views: unknown[] }).views);
    expect(views).toEqual([
      {
        product_id: product.id,
        category: product.category,
        customer_id: customer.id,
        session_id: 'session_2',
        viewed_at: at,
      },
      {
        product_id: product.id,
        category: product.category,
        customer_id: null,
        session_id: null,
        viewed_at: at,
      },
    ]);

    expect((await report({ hits: [] })).statusCode).toBe(400);
    expect(
      (await report({ hits: [{ url: '/x', user_id: 'not-a-uuid', session_id: null, at }] })).statusCode,
    ).toBe(400);
    expect(
      (await report({ hits: [{ url: '/x', user_id: null, session_id: null, at, extra: 1 }] })).statusCode,
    ).toBe(400);
    const anonymous = await report({ hits: [{ url: '/x', user_id: null, session_id: null, at }] }, false);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: expect.any(String) } });
  });
});
