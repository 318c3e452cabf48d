import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceTokenSigner, generateServicePrivateKey } from '@bodega/auth';
import { databaseBackends } from '@bodega/testing';
import { generateCatalog } from '../src/index.js';
import { API, call, expectError } from './support/api.js';
import { startCatalog, type CatalogUnderTest } from './support/catalog.js';

describe.each(databaseBackends())('seeding on $name', (backend) => {
  describe('the internal batch route', () => {
    let catalog: CatalogUnderTest;
    const batch = (body: unknown, headers: Record<string, string>) =>
      call(catalog.app, { method: 'POST', url: '/internal/products/batch', body, headers });

    beforeAll(async () => {
      catalog = await startCatalog(backend);
    });
    afterAll(async () => {
      await catalog.close();
    });

    it('inserts what does not exist yet, with events, and skips the rest on a second run', async () => {
      const generated = generateCatalog({ products: 40, seed: 42 });
      const headers = { 'x-service-token': await catalog.serviceToken('cli') };
      const first = await batch(generated, headers);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toEqual({ created: 40, skipped: 0, categories: { created: 12, skipped: 0 } });
      const again = await batch(generated, headers);
      expect(again.json()).toEqual({ created: 0, skipped: 40, categories: { created: 0, skipped: 12 } });
      const [events] = await catalog.database.query<{ n: number }>(
        `select count(*)::int as n from catalog.outbox where type = 'catalog.product.updated'`,
      );
      expect(events?.n).toBe(40);
      const list = await call(catalog.app, { method: 'GET', url: `${API}/products?limit=100` });
      expect(list.json().items).toHaveLength(40);
    });

    it('refuses callers without a valid service token, before reading the body', async () => {
      const body = { categories: [], products: [] };
      expectError(await batch(body, {}), 401, 'AUTHENTICATION_REQUIRED');
      expectError(await batch(body, { 'x-service-token': 'forged' }), 401, 'INVALID_TOKEN');
      // Authorization carries user access tokens (checked by the kit before any route): not this one.
      const inAuthorization = await batch(body, {
        authorization: `Bearer ${await catalog.serviceToken('cli')}`,
      });
      expect(inAuthorization.statusCode).toBe(401);
      // Calling itself cli, with a key that is not the CLI's.
      const stranger = createServiceTokenSigner(generateServicePrivateKey(), 'cli');
      expectError(
        await batch(body, { 'x-service-token': await stranger.token('catalog') }),
        401,
        'INVALID_TOKEN',
      );
      // Seeding is the CLI's: a valid token of another service is not enough.
      expectError(
        await batch(body, { 'x-service-token': await catalog.serviceToken('orders') }),
        403,
        'SERVICE_NOT_ALLOWED',
      );
    });

    it('rejects products in unknown categories (422) and over-long batches (400)', async () => {
      const headers = { 'x-service-token': await catalog.serviceToken('cli') };
      const { products } = generateCatalog({ products: 1, seed: 9 });
      const orphan = { ...products[0], slug: 'orphan-product', sku: 'ORPHAN-1', category: 'nowhere' };
      expectError(await batch({ categories: [], products: [orphan] }, headers), 422, 'UNKNOWN_CATEGORY');
      const tooMany = generateCatalog({ products: 1001, seed: 9 });
      expectError(await batch(tooMany, headers), 400, 'VALIDATION_ERROR');
    });
  });

  describe('the demo catalog', () => {
    it('fills an empty embedded catalog at boot with the generated demo catalog', async () => {
      if (backend.name !== 'pglite') return;
      const catalog = await startCatalog(backend, { env: { DEMO_CATALOG_SIZE: '25' } });
      try {
        const page = (await call(catalog.app, { method: 'GET', url: `${API}/products?limit=100` })).json();
        expect(page.items).toHaveLength(25);
        expect(page.items[0].slug).toBe(generateCatalog({ products: 1, seed: 1 }).products[0]?.slug);
        const categories = (await call(catalog.app, { method: 'GET', url: `${API}/categories` })).json();
        expect(categories.items).toHaveLength(12);
        const total = categories.items.reduce(
          (sum: number, c: { product_count: number }) => sum + c.product_count,
          0,
        );
        expect(total).toBe(25);
      } finally {
        await catalog.close();
      }
    });
  });
});
