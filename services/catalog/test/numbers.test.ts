import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INT8_MAX } from '@bodega/contracts';
import {
  databaseBackends,
  jsonWithNumber,
  NUMBER_HERE,
  outOfRangeCases,
  type TestUser,
} from '@bodega/testing';
import { API, call, createCategory, expectError, productInput, type ProductJson } from './support/api.js';
import { startCatalog, type CatalogUnderTest } from './support/catalog.js';

describe.each(databaseBackends())('numbers catalog cannot hold, on $name', (backend) => {
  let catalog: CatalogUnderTest;
  let manager: TestUser;
  let customer: TestUser;
  let category: string;
  let product: ProductJson;
  let reviewId: string;

  beforeAll(async () => {
    catalog = await startCatalog(backend);
    manager = await catalog.identity.user('manager');
    customer = await catalog.identity.user('customer');
    category = await createCategory(catalog.app, manager.token, 'num', 'Numbers');
    const created = await call(catalog.app, {
      method: 'POST',
      url: `${API}/products`,
      token: manager.token,
      body: productInput(category),
    });
    expect(created.statusCode, created.body).toBe(201);
    product = created.json<ProductJson>();
    const review = await call(catalog.app, {
      method: 'POST',
      url: `${API}/products/${product.id}/reviews`,
      token: customer.token,
      body: { rating: 4, title: 'Fine' },
    });
    expect(review.statusCode, review.body).toBe(201);
    reviewId = review.json<{ id: string }>().id;
  });
  afterAll(async () => {
    await catalog.close();
  });

  it.each(outOfRangeCases)(
    'answers %s in a query, a price, a stock or a rating with 400 VALIDATION_ERROR, never 500',
    async (_label, number) => {
      const manage = manager.token;
      const requests = [
        { method: 'GET', url: `${API}/products?min_price=${number}` },
        { method: 'GET', url: `${API}/products?max_price=${number}` },
        { method: 'GET', url: `${API}/products?limit=${number}` },
        { method: 'GET', url: `${API}/products/${product.id}/reviews?limit=${number}` },
        {
          method: 'POST',
          url: `${API}/products`,
          token: manage,
          body: productInput(category, { price: { amount: NUMBER_HERE, currency: 'USD' } }),
        },
        {
          method: 'POST',
          url: `${API}/products`,
          token: manage,
          body: productInput(category, { stock_qty: NUMBER_HERE }),
        },
        {
          method: 'PATCH',
          url: `${API}/products/${product.id}`,
          token: manage,
          body: { price: { amount: NUMBER_HERE, currency: 'USD' } },
        },
        {
          method: 'PUT',
          url: `${API}/products/${product.id}/stock`,
          token: manage,
          body: { stock_qty: NUMBER_HERE },
        },
        {
          method: 'POST',
          url: `${API}/products/${product.id}/reviews`,
          token: (await catalog.identity.user('customer')).token,
          body: { rating: NUMBER_HERE, title: 'Huge' },
        },
        {
          method: 'PATCH',
          url: `${API}/reviews/${reviewId}`,
          token: customer.token,
          body: { rating: NUMBER_HERE },
        },
      ] as const;
      for (const request of requests) {
        const body = 'body' in request ? jsonWithNumber(request.body, number) : undefined;
        const response = await call(catalog.app, { ...request, body });
        expectError(response, 400, 'VALIDATION_ERROR');
      }
      // An attribute is a free-form fact in jsonb: any number JavaScript holds exactly is one.
      const withFact = await call(catalog.app, {
        method: 'POST',
        url: `${API}/products`,
        token: manage,
        body: jsonWithNumber(productInput(category, { attributes: { weight_g: NUMBER_HERE } }), number),
      });
      if (BigInt(number) <= BigInt(INT8_MAX)) expect(withFact.statusCode, withFact.body).toBe(201);
      else expectError(withFact, 400, 'VALIDATION_ERROR');
      // Nothing changed on the way.
      const after = (await call(catalog.app, { method: 'GET', url: `${API}/products/${product.id}` })).json();
      expect(after).toMatchObject({ price: product.price, stock_qty: product.stock_qty });
    },
  );
});
