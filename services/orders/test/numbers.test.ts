import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  databaseBackends,
  jsonWithNumber,
  NUMBER_HERE,
  outOfRangeCases,
  uniqueSuffix,
  type TestUser,
} from '@bodega/testing';
import { API, call, expectError, newKey } from './support/api.js';
import { cards } from './support/fake-payments.js';
import { startOrders, type OrdersUnderTest } from './support/orders.js';

describe.each(databaseBackends())('numbers orders cannot hold, on $name', (backend) => {
  let orders: OrdersUnderTest;
  let customer: TestUser;
  let manager: TestUser;

  beforeAll(async () => {
    orders = await startOrders(backend);
    customer = await orders.identity.user('customer');
    manager = await orders.identity.user('manager');
  });
  afterAll(async () => {
    await orders.close();
  });

  it.each(outOfRangeCases)(
    'answers %s as a quantity, a limit or a promotion figure with 400 VALIDATION_ERROR, never 500',
    async (_label, number) => {
      const mug = orders.catalog.addProduct({ price: 1_250, stock: 5, name: 'Mug' });
      const line = { product_id: mug.id, quantity: NUMBER_HERE };
      const promotion = (rules: Record<string, unknown>) => ({
        code: `N${uniqueSuffix().toUpperCase().slice(-12)}`,
        description: 'Numbers',
        kind: 'fixed',
        value: 100,
        currency: 'USD',
        ...rules,
      });
      const requests = [
        { method: 'POST', url: `${API}/cart/items`, token: customer.token, body: line },
        {
          method: 'PATCH',
          url: `${API}/cart/items/${mug.id}`,
          token: customer.token,
          body: { quantity: NUMBER_HERE },
        },
        { method: 'POST', url: `${API}/pricing/quote`, body: { items: [line], country: 'us' } },
        {
          method: 'POST',
          url: `${API}/orders`,
          token: customer.token,
          headers: { 'idempotency-key': newKey() },
          body: { items: [line], payment: { card_number: cards.approved } },
        },
        { method: 'GET', url: `${API}/orders?limit=${number}`, token: customer.token },
        { method: 'GET', url: `${API}/promotions?limit=${number}`, token: manager.token },
        ...['value', 'min_subtotal', 'max_uses', 'max_uses_per_customer'].map((field) => ({
          method: 'POST' as const,
          url: `${API}/promotions`,
          token: manager.token,
          body: promotion({ [field]: NUMBER_HERE }),
        })),
      ] as const;
      for (const request of requests) {
        const body = 'body' in request ? jsonWithNumber(request.body, number) : undefined;
        expectError(await call(orders.app, { ...request, body }), 400, 'VALIDATION_ERROR');
      }
    },
  );
});
