import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idAt } from '@bodega/db';
import { databaseBackends, type TestUser } from '@bodega/testing';
import type { ImportInput } from '../src/seed/import-orders.js';
import { API, call, expectError, expectValidEvents, orderEvents } from './support/api.js';
import { startOrders, type OrdersUnderTest } from './support/orders.js';

const day = 86_400_000;

describe.each(databaseBackends())('importing past orders on $name', (backend) => {
  let orders: OrdersUnderTest;
  let customer: TestUser;

  beforeAll(async () => {
    orders = await startOrders(backend);
    customer = await orders.identity.user('customer');
  });
  afterAll(async () => {
    await orders.close();
  });

  const importOrders = async (body: unknown, headers?: Record<string, string>) =>
    call(orders.app, {
      method: 'POST',
      url: '/internal/orders/import',
      body,
      headers: headers ?? { 'x-service-token': await orders.serviceToken() },
    });
  const pastOrder = (daysAgo: number, status: 'paid' | 'shipped' | 'delivered', customerId = customer.id) => {
    const placedAt = new Date(Date.now() - daysAgo * day);
    return {
      id: idAt(placedAt),
      customer_id: customerId,
      placed_at: placedAt.toISOString(),
      status,
      currency: 'USD',
      shipping: 500,
      lines: [
        { product_id: idAt(placedAt), name: 'Oak stool', sku: 'OAK-1', quantity: 2, unit_price: 4_000 },
        { product_id: idAt(placedAt), name: 'Linen towel', sku: 'LIN-2', quantity: 1, unit_price: 1_500 },
      ],
    } satisfies ImportInput['orders'][number];
  };

  it('loads past orders with their history, announced as placed at their time, once', async () => {
    const delivered = pastOrder(200, 'delivered');
    const shipped = pastOrder(2, 'shipped');
    const paid = pastOrder(0.01, 'paid');

    const first = await importOrders({ orders: [delivered, shipped, paid] });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ created: 3, skipped: 0 });
    const again = await importOrders({ orders: [delivered, shipped, paid] });
    expect(again.json()).toEqual({ created: 0, skipped: 3 });

    const listed = await call(orders.app, { method: 'GET', url: `${API}/orders`, token: customer.token });
    const items = listed.json<{ items: { id: string; status: string; history: { status: string }[] }[] }>()
      .items;
    expect(items.map((order) => order.id)).toEqual([paid.id, shipped.id, delivered.id]);
    expect(items.map((order) => order.history.map((entry) => entry.status))).toEqual([
      ['pending', 'paid'],
      ['pending', 'paid', 'shipped'],
      ['pending', 'paid', 'shipped', 'delivered'],
    ]);
    const order = await call(orders.app, {
      method: 'GET',
      url: `${API}/orders/${delivered.id}`,
      token: customer.token,
    });
    expect(order.json()).toMatchObject({
      status: 'delivered',
      totals: { subtotal: { amount: 9_500 }, shipping: { amount: 500 }, total: { amount: 10_000 } },
    });

    const events = await orderEvents(orders.database, delivered.id);
    expectValidEvents(events);
    expect(events.map((event) => event.type)).toEqual(['orders.order.placed']);
    expect(events[0]!.data).toMatchObject({ placed_at: delivered.placed_at, total: { amount: 10_000 } });
  });

  it('refuses orders from the future, a product twice in one order, and malformed ones, importing none', async () => {
    const future = { ...pastOrder(1, 'paid'), placed_at: new Date(Date.now() + day).toISOString() };
    expectError(await importOrders({ orders: [pastOrder(3, 'paid'), future] }), 422, 'ORDER_IN_THE_FUTURE');
    const doubled = pastOrder(3, 'paid');
    doubled.lines[1]!.product_id = doubled.lines[0]!.product_id;
    expectError(await importOrders({ orders: [doubled] }), 422, 'DUPLICATE_LINE');
    expectError(
      await importOrders({ orders: [{ ...pastOrder(3, 'paid'), status: 'cancelled' }] }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(
      await importOrders({ orders: [{ ...pastOrder(3, 'paid'), lines: [] }] }),
      400,
      'VALIDATION_ERROR',
    );
    expect((await importOrders({ orders: [] })).json()).toEqual({ created: 0, skipped: 0 });
  });

  it('is for services only: no token, or a customer token, is refused', async () => {
    expectError(await importOrders({ orders: [] }, {}), 401, 'AUTHENTICATION_REQUIRED');
    expectError(
      await importOrders({ orders: [] }, { 'x-service-token': customer.token }),
      401,
      'INVALID_TOKEN',
    );
  });

  it('is the CLI’s seeding: a valid token of any other service is 403', async () => {
    for (const caller of ['gateway', 'analytics', 'catalog', 'payments']) {
      const headers = { 'x-service-token': await orders.serviceToken(caller) };
      expectError(await importOrders({ orders: [] }, headers), 403, 'SERVICE_NOT_ALLOWED');
    }
  });
});
