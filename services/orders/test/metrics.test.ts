import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends, type TestUser } from '@bodega/testing';
import type { ServiceApp } from '@bodega/kit';
import { expectError, newKey, placeOrder } from './support/api.js';
import { cards } from './support/fake-payments.js';
import { startOrders, type OrdersUnderTest } from './support/orders.js';

/** The sum of the /metrics lines of `name` carrying every one of `labels`; 0 when there is none. */
async function metric(app: ServiceApp, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe.each(databaseBackends())('orders metrics on $name', (backend) => {
  let orders: OrdersUnderTest;
  let alice: TestUser;

  beforeAll(async () => {
    orders = await startOrders(backend);
    alice = await orders.identity.user('customer');
  });
  afterAll(async () => {
    await orders.close();
  });

  it('counts an order placed and its total as revenue, once, even when the request is replayed', async () => {
    const before = {
      placed: await metric(orders.app, 'orders_placed_total', { currency: 'USD' }),
      revenue: await metric(orders.app, 'orders_revenue_minor_units_total', { currency: 'USD' }),
    };
    const mug = orders.catalog.addProduct({ price: 1_250, stock: 5 });
    const key = newKey();
    const first = await placeOrder(
      orders.app,
      alice.token,
      { items: [{ product_id: mug.id, quantity: 2 }] },
      key,
    );
    expect(first.statusCode, first.body).toBe(201);
    const replay = await placeOrder(
      orders.app,
      alice.token,
      { items: [{ product_id: mug.id, quantity: 2 }] },
      key,
    );
    expect(replay.json()).toEqual(first.json());

    const total = first.json<{ totals: { total: { amount: number } } }>().totals.total.amount;
    expect(await metric(orders.app, 'orders_placed_total', { currency: 'USD' })).toBe(before.placed + 1);
    expect(await metric(orders.app, 'orders_revenue_minor_units_total', { currency: 'USD' })).toBe(
      before.revenue + total,
    );
  });

  it('counts checkout failures by reason: a declined card, then an order out of stock', async () => {
    const failures = (reason: string) => metric(orders.app, 'orders_checkout_failures_total', { reason });
    const before = { declined: await failures('payment_declined'), stock: await failures('out_of_stock') };

    const vase = orders.catalog.addProduct({ stock: 3 });
    expectError(
      await placeOrder(orders.app, alice.token, {
        items: [{ product_id: vase.id, quantity: 1 }],
        payment: { card_number: cards.declined },
      }),
      402,
      'PAYMENT_DECLINED',
    );
    const last = orders.catalog.addProduct({ stock: 1 });
    // Another shopper takes the unit between this checkout's price check and its reservation.
    orders.catalog.afterNextLookup = () => {
      orders.catalog.product(last.id).stock_qty = 0;
    };
    expectError(
      await placeOrder(orders.app, alice.token, { items: [{ product_id: last.id, quantity: 1 }] }),
      409,
      'OUT_OF_STOCK',
    );

    expect(await failures('payment_declined')).toBe(before.declined + 1);
    expect(await failures('out_of_stock')).toBe(before.stock + 1);
  });

  it('exposes every failure reason from the start, and the pool, outbox and consumer series', async () => {
    const text = (await orders.app.inject({ method: 'GET', url: '/metrics' })).body;
    for (const reason of [
      'payment_unavailable',
      'catalog_unavailable',
      'product_unavailable',
      'checkout_abandoned',
    ])
      expect(text).toContain(`orders_checkout_failures_total{reason="${reason}",service="orders"}`);
    for (const name of [
      'db_pool_connections',
      'db_pool_clients_waiting',
      'events_outbox_backlog',
      'events_outbox_oldest_age_seconds',
      'events_consumer_queue_messages{consumer="orders",queue="dead"',
    ])
      expect(text).toContain(name);
  });
});
