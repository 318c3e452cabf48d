import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@bodega/db';
import { databaseBackends, type TestUser } from '@bodega/testing';
import { API, call, expectError, createCategory } from './support/api.js';
import { startCatalog, type CatalogUnderTest } from './support/catalog.js';
import { hold, internal, productWithStock } from './support/internal.js';

describe.each(databaseBackends())('product lookup on $name', (backend) => {
  let catalog: CatalogUnderTest;
  let manager: TestUser;
  let category: string;

  const lookup = (body: unknown) => internal(catalog, 'POST', '/internal/products/lookup', body);
  const product = (stockQty: number, overrides: Record<string, unknown> = {}) =>
    productWithStock(catalog, manager, category, stockQty, overrides);

  beforeAll(async () => {
    catalog = await startCatalog(backend);
    manager = await catalog.identity.user('manager');
    category = await createCategory(catalog.app, manager.token, 'lookup', 'Lookup');
  });
  afterAll(async () => {
    await catalog.close();
  });

  it('answers live facts in the order asked, unknown ids listed as missing', async () => {
    const first = await product(7, {
      images: ['https://images.bodega.dev/a.jpg', 'https://images.bodega.dev/b.jpg'],
      price: { amount: 1250, currency: 'EUR' },
    });
    const second = await product(0, { images: [] });
    const unknown = newId();
    const response = await lookup({ ids: [second.id, unknown, first.id] });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      items: [
        {
          id: second.id,
          slug: second.slug,
          name: second.name,
          sku: second.sku,
          price: second.price,
          stock_qty: 0,
          image: null,
          purchasable: true,
        },
        {
          id: first.id,
          slug: first.slug,
          name: first.name,
          sku: first.sku,
          price: { amount: 1250, currency: 'EUR' },
          stock_qty: 7,
          image: 'https://images.bodega.dev/a.jpg',
          purchasable: true,
        },
      ],
      missing: [unknown],
    });
  });

  it('reads stock from the database, not the read cache: a hold shows at once', async () => {
    const item = await product(5);
    // Warm the public read cache with 5 units.
    expect(
      (await call(catalog.app, { method: 'GET', url: `${API}/products/${item.id}` })).json().stock_qty,
    ).toBe(5);
    await hold(catalog, newId(), [{ product_id: item.id, quantity: 2 }]);
    expect((await lookup({ ids: [item.id] })).json().items[0].stock_qty).toBe(3);
  });

  it('lists inactive and deleted products as not purchasable', async () => {
    const inactive = await product(5, { active: false });
    const deleted = await product(5);
    await call(catalog.app, { method: 'DELETE', url: `${API}/products/${deleted.id}`, token: manager.token });
    const { items, missing } = (await lookup({ ids: [inactive.id, deleted.id] })).json();
    expect(items.map((item: { id: string; purchasable: boolean }) => [item.id, item.purchasable])).toEqual([
      [inactive.id, false],
      [deleted.id, false],
    ]);
    expect(missing).toEqual([]);
  });

  it('rejects bad inputs with 400 in the standard body', async () => {
    const id = newId();
    for (const body of [
      {},
      { ids: [] },
      { ids: ['not-a-uuid'] },
      { ids: [id, id] },
      { ids: Array.from({ length: 101 }, () => newId()) },
      { ids: [id], extra: true },
      { ids: id },
    ]) {
      expectError(await lookup(body), 400, 'VALIDATION_ERROR');
    }
  });

  it('refuses callers without a valid service token (401)', async () => {
    const body = { ids: [newId()] };
    const url = '/internal/products/lookup';
    expectError(await call(catalog.app, { method: 'POST', url, body }), 401, 'AUTHENTICATION_REQUIRED');
    expectError(
      await call(catalog.app, { method: 'POST', url, body, headers: { 'x-service-token': 'forged' } }),
      401,
      'INVALID_TOKEN',
    );
    // A user's access token is not a service token, whoever the user is.
    const admin = await catalog.identity.user('admin');
    expectError(
      await call(catalog.app, { method: 'POST', url, body, token: admin.token }),
      401,
      'AUTHENTICATION_REQUIRED',
    );
  });
});
