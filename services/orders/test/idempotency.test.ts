import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@bodega/testing';
import { API, call, expectError, newKey, placeOrder } from './support/api.js';
import { cards } from './support/fake-payments.js';
import { startOrders, type OrdersUnderTest } from './support/orders.js';

describe.each(databaseBackends())('idempotency keys of checkouts on $name', (backend) => {
  let orders: OrdersUnderTest;

  const ordersOf = async (customerId: string) => {
    const rows = await orders.database.query<{ id: string }>(
      'select id from orders.orders where customer_id = $1',
      [customerId],
    );
    return rows.map((row) => row.id);
  };

  beforeAll(async () => {
    orders = await startOrders(backend);
  });
  afterAll(async () => {
    await orders.close();
  });

  it('replays the first response exactly for the same key and body, with Idempotent-Replayed, and creates nothing new', async () => {
    const customer = await orders.identity.user('customer');
    const kettle = orders.catalog.addProduct({ stock: 5 });
    const key = newKey();
    const body = { items: [{ product_id: kettle.id, quantity: 1 }] };
    const first = await placeOrder(orders.app, customer.token, body, key);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The same request, keys in another order and other spacing: the same request.
    const again = await call(orders.app, {
      method: 'POST',
      url: `${API}/orders`,
      token: customer.token,
      headers: { 'idempotency-key': key },
      body: `{ "payment": { "card_number": "${cards.approved}" },\n "items": [ { "quantity": 1, "product_id": "${kettle.id}" } ] }`,
    });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await ordersOf(customer.id)).toEqual([first.json().id]);
    expect(orders.catalog.product(kettle.id).stock_qty).toBe(4);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED when the key comes back with another body', async () => {
    const customer = await orders.identity.user('customer');
    const kettle = orders.catalog.addProduct();
    const key = newKey();
    const first = await placeOrder(
      orders.app,
      customer.token,
      { items: [{ product_id: kettle.id, quantity: 1 }] },
      key,
    );
    expect(first.statusCode).toBe(201);
    expectError(
      await placeOrder(orders.app, customer.token, { items: [{ product_id: kettle.id, quantity: 2 }] }, key),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    // The same key on the other checkout route is another request too.
    expectError(
      await call(orders.app, {
        method: 'POST',
        url: `${API}/checkout`,
        token: customer.token,
        headers: { 'idempotency-key': key },
        body: { payment: { card_number: cards.approved } },
      }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await ordersOf(customer.id)).toHaveLength(1);
  });

  it('keeps keys per customer: the same key from two customers makes two orders', async () => {
    const [one, two] = await Promise.all([
      orders.identity.user('customer'),
      orders.identity.user('customer'),
    ]);
    const kettle = orders.catalog.addProduct();
    const key = newKey();
    const body = { items: [{ product_id: kettle.id, quantity: 1 }] };
    const first = await placeOrder(orders.app, one.token, body, key);
    const second = await placeOrder(orders.app, two.token, body, key);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(first.json().id).not.toBe(second.json().id);
  });

  it('when ten requests with one key arrive at once, one order is made and all ten get its answer', async () => {
    const customer = await orders.identity.user('customer');
    const kettle = orders.catalog.addProduct({ stock: 20 });
    const key = newKey();
    const body = { items: [{ product_id: kettle.id, quantity: 2 }] };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => placeOrder(orders.app, customer.token, body, key)),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(201));
    const ids = new Set(responses.map((response) => response.json().id as string));
    expect(ids.size).toBe(1);
    expect(responses.filter((response) => response.headers['idempotent-replayed'] === 'true')).toHaveLength(
      9,
    );
    expect(await ordersOf(customer.id)).toEqual([...ids]);
    expect(orders.catalog.product(kettle.id).stock_qty).toBe(18);
    expect(
      orders.payments.callsTo(/authorize$/).filter((c) => ids.has((c.body as { order_id: string }).order_id)),
    ).toHaveLength(1);
  });

  it('stores refusals too: a declined card is answered 402 again, with the same body, without asking payments twice', async () => {
    const customer = await orders.identity.user('customer');
    const kettle = orders.catalog.addProduct();
    const key = newKey();
    const body = {
      items: [{ product_id: kettle.id, quantity: 1 }],
      payment: { card_number: cards.declined },
    };
    const first = await placeOrder(orders.app, customer.token, body, key);
    expectError(first, 402, 'PAYMENT_DECLINED');
    const authorizations = orders.payments.callsTo(/authorize$/).length;
    const again = await placeOrder(orders.app, customer.token, body, key);
    expect(again.statusCode).toBe(402);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(orders.payments.callsTo(/authorize$/)).toHaveLength(authorizations);
  });

  it('stores a 422 of a request that created nothing: the same key keeps answering it, a new key may succeed', async () => {
    const customer = await orders.identity.user('customer');
    const kettle = orders.catalog.addProduct();
    const key = newKey();
    const body = { items: [{ product_id: kettle.id, quantity: 1 }], promo_code: 'NOT-YET' };
    const first = await placeOrder(orders.app, customer.token, body, key);
    expectError(first, 422, 'PROMO_NOT_FOUND');
    const admin = await orders.identity.user('admin');
    const created = await call(orders.app, {
      method: 'POST',
      url: `${API}/promotions`,
      token: admin.token,
      body: { code: 'NOT-YET', description: 'now it exists', kind: 'fixed', value: 50, currency: 'USD' },
    });
    expect(created.statusCode).toBe(201);
    const replay = await placeOrder(orders.app, customer.token, body, key);
    expect(replay.json()).toEqual(first.json());
    expect((await placeOrder(orders.app, customer.token, body, newKey())).statusCode).toBe(201);
  });

  it('gives a key back after an outage before any order (catalog down while pricing): the retry with it gets the real answer', async () => {
    const customer = await orders.identity.user('customer');
    const kettle = orders.catalog.addProduct({ stock: 5 });
    const key = newKey();
    const body = { items: [{ product_id: kettle.id, quantity: 1 }] };
    orders.catalog.health = 'error';
    expectError(await placeOrder(orders.app, customer.token, body, key), 503, 'CATALOG_UNAVAILABLE');
    expect(await ordersOf(customer.id)).toEqual([]);

    orders.catalog.health = 'up';
    const retry = await placeOrder(orders.app, customer.token, body, key);
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    const replay = await placeOrder(orders.app, customer.token, body, key);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(retry.json());
    expect(await ordersOf(customer.id)).toEqual([retry.json().id]);
    expect(orders.catalog.product(kettle.id).stock_qty).toBe(4);
  });

  it('gives a key back after payments failed and its order was cancelled: the retry places one paid order', async () => {
    const customer = await orders.identity.user('customer');
    const kettle = orders.catalog.addProduct({ stock: 5 });
    const key = newKey();
    const body = { items: [{ product_id: kettle.id, quantity: 1 }] };
    orders.payments.failing = /authorize$/;
    const first = expectError(
      await placeOrder(orders.app, customer.token, body, key),
      503,
      'PAYMENTS_UNAVAILABLE',
    );
    const cancelled = first.details.order_id as string;
    orders.payments.failing = undefined;

    const retry = await placeOrder(orders.app, customer.token, body, key);
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    const paid = await orders.database.query<{ id: string; status: string }>(
      'select id, status from orders.orders where customer_id = $1 order by id',
      [customer.id],
    );
    expect(paid).toEqual([
      { id: cancelled, status: 'cancelled' },
      { id: retry.json().id, status: 'paid' },
    ]);
    expect(orders.catalog.product(kettle.id).stock_qty).toBe(4);
  });
});
