import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyEnvelope } from '@bodega/contracts';
import { databaseBackends } from '@bodega/testing';
import { API, call, metricValue, productInput, type ProductJson, createCategory } from './support/api.js';
import { startCatalog, type CatalogUnderTest } from './support/catalog.js';
import type { TestUser as User } from '@bodega/testing';

const HITS = 'catalog_product_cache_hits_total';
const MISSES = 'catalog_product_cache_misses_total';

describe.each(databaseBackends())('product cache and outbox events on $name', (backend) => {
  let catalog: CatalogUnderTest;
  let manager: User;
  let customer: User;
  let category: string;

  const read = (id: string) => call(catalog.app, { method: 'GET', url: `${API}/products/${id}` });
  async function create() {
    const response = await call(catalog.app, {
      method: 'POST',
      url: `${API}/products`,
      token: manager.token,
      body: productInput(category),
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<ProductJson>();
  }
  /** The product's events in the outbox, oldest first. */
  async function eventsOf(productId: string) {
    const rows = await catalog.database.query<{ envelope: AnyEnvelope }>(
      `select envelope from catalog.outbox where envelope->'data'->>'product_id' = $1 order by created_at, id`,
      [productId],
    );
    return rows.map((row) => row.envelope);
  }
  /** Reads twice and tells whether each read hit the cache. */
  async function readCounting(id: string) {
    const [hits, misses] = [await metricValue(catalog.app, HITS), await metricValue(catalog.app, MISSES)];
    const response = await read(id);
    return {
      response,
      hit: (await metricValue(catalog.app, HITS)) - hits,
      miss: (await metricValue(catalog.app, MISSES)) - misses,
    };
  }

  beforeAll(async () => {
    catalog = await startCatalog(backend);
    manager = await catalog.identity.user('manager');
    customer = await catalog.identity.user('customer');
    category = await createCategory(catalog.app, manager.token, 'cache', 'Cache');
  });
  afterAll(async () => {
    await catalog.close();
  });

  describe('the product cache', () => {
    it('loads a product once, then answers from the cache (by id and by slug)', async () => {
      const product = await create();
      expect(await readCounting(product.id)).toMatchObject({ hit: 0, miss: 1 });
      const second = await readCounting(product.id);
      expect(second).toMatchObject({ hit: 1, miss: 0 });
      expect(second.response.json()).toEqual(product);
      expect(await readCounting(product.slug)).toMatchObject({ hit: 1, miss: 0 });
    });

    it('shares one load between concurrent readers of a cold product (single-flight)', async () => {
      const product = await create();
      const misses = await metricValue(catalog.app, MISSES);
      const responses = await Promise.all(Array.from({ length: 10 }, () => read(product.id)));
      expect(responses.every((response) => response.statusCode === 200)).toBe(true);
      expect((await metricValue(catalog.app, MISSES)) - misses).toBe(1);
    });

    it('is evicted by an edit, a stock change, a review and a delete', async () => {
      const product = await create();
      await read(product.id);

      await call(catalog.app, {
        method: 'PATCH',
        url: `${API}/products/${product.id}`,
        token: manager.token,
        body: { name: 'Edited name' },
      });
      const afterEdit = await readCounting(product.id);
      expect(afterEdit).toMatchObject({ miss: 1 });
      expect(afterEdit.response.json().name).toBe('Edited name');

      await call(catalog.app, {
        method: 'PUT',
        url: `${API}/products/${product.id}/stock`,
        token: manager.token,
        body: { stock_qty: 3 },
      });
      expect((await read(product.id)).json().stock_qty).toBe(3);

      await call(catalog.app, {
        method: 'POST',
        url: `${API}/products/${product.id}/reviews`,
        token: customer.token,
        body: { rating: 4, title: 'Good', body: 'Works.' },
      });
      expect((await read(product.id)).json().rating).toEqual({ average: 4, count: 1 });

      await call(catalog.app, {
        method: 'DELETE',
        url: `${API}/products/${product.id}`,
        token: manager.token,
      });
      expect((await read(product.id)).statusCode).toBe(404);
      expect((await read(product.slug)).statusCode).toBe(404);
    });

    it('forgets an old slug when the slug changes', async () => {
      const product = await create();
      await read(product.slug);
      await call(catalog.app, {
        method: 'PATCH',
        url: `${API}/products/${product.id}`,
        token: manager.token,
        body: { slug: `${product.slug}-new` },
      });
      expect((await read(product.slug)).statusCode).toBe(404);
      expect((await read(`${product.slug}-new`)).json().id).toBe(product.id);
    });
  });

  describe('events through the outbox', () => {
    it('writes catalog.product.updated with the full product on create, edit and stock change', async () => {
      const product = await create();
      await call(catalog.app, {
        method: 'PATCH',
        url: `${API}/products/${product.id}`,
        token: manager.token,
        body: { price: { amount: 999, currency: 'USD' } },
      });
      await call(catalog.app, {
        method: 'PUT',
        url: `${API}/products/${product.id}/stock`,
        token: manager.token,
        body: { stock_qty: 42 },
      });
      const events = await eventsOf(product.id);
      expect(events.map((event) => event.type)).toEqual([
        'catalog.product.updated',
        'catalog.product.updated',
        'catalog.product.updated',
      ]);
      const [created, edited, stocked] = events;
      expect(created).toMatchObject({
        version: 1,
        source: 'catalog',
        trace_parent: expect.stringMatching(/^00-/),
        data: {
          event_id: created?.id,
          occurred_at: created?.occurred_at,
          product_id: product.id,
          slug: product.slug,
          name: product.name,
          description: product.description,
          category,
          sku: product.sku,
          price: product.price,
          stock_qty: 10,
          images: product.images,
          attributes: product.attributes,
          active: true,
          rating: { average: 0, count: 0 },
          created_at: product.created_at,
          updated_at: product.updated_at,
        },
      });
      expect(edited?.data).toMatchObject({ price: { amount: 999, currency: 'USD' } });
      expect(stocked?.data).toMatchObject({ stock_qty: 42, price: { amount: 999, currency: 'USD' } });
      expect(stocked?.data).toMatchObject({ event_id: stocked?.id });
    });

    it('writes catalog.product.deleted on delete', async () => {
      const product = await create();
      await call(catalog.app, {
        method: 'DELETE',
        url: `${API}/products/${product.id}`,
        token: manager.token,
      });
      const events = await eventsOf(product.id);
      expect(events.at(-1)).toMatchObject({
        type: 'catalog.product.deleted',
        data: { product_id: product.id, deleted_at: expect.stringMatching(/Z$/) },
      });
    });

    it('writes nothing when the write fails', async () => {
      const product = await create();
      await call(catalog.app, {
        method: 'PATCH',
        url: `${API}/products/${product.id}`,
        token: manager.token,
        body: { category: 'no-such-category' },
      });
      expect(await eventsOf(product.id)).toHaveLength(1);
    });

    it('publishes outbox events on the bus and marks them sent', async () => {
      const bus = await catalog.subscriberBus();
      const received: AnyEnvelope[] = [];
      if (bus) {
        await bus.subscribe({
          consumer: 'catalog-component-test',
          types: ['catalog.product.*'],
          handler: async (envelope) => {
            received.push(envelope);
          },
        });
      }
      const product = await create();
      await expect
        .poll(
          async () => {
            const rows = await catalog.database.query<{ sent: boolean }>(
              `select published_at is not null as sent from catalog.outbox where envelope->'data'->>'product_id' = $1`,
              [product.id],
            );
            return rows[0]?.sent;
          },
          { timeout: 10_000 },
        )
        .toBe(true);
      if (bus) {
        await expect
          .poll(
            () =>
              received.some(
                (event) => event.type === 'catalog.product.updated' && event.data.product_id === product.id,
              ),
            {
              timeout: 10_000,
            },
          )
          .toBe(true);
      }
    });
  });
});
