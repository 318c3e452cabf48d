import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@bodega/db';
import type { EventEnvelope } from '@bodega/contracts';
import { databaseBackends, type TestUser } from '@bodega/testing';
import { createPendingOrder } from '../src/checkout/order-writes.js';
import { priceCheckout } from '../src/checkout/price-step.js';
import {
  API,
  call,
  eventually,
  expectError,
  expectValidEvents,
  orderEvents,
  paymentRefunded,
  placeOrder,
} from './support/api.js';
import { startOrders, type OrdersUnderTest } from './support/orders.js';

describe.each(databaseBackends())('orders after checkout on $name', (backend) => {
  let orders: OrdersUnderTest;
  let alice: TestUser;
  let bob: TestUser;
  let manager: TestUser;

  const get = (url: string, user: TestUser) =>
    call(orders.app, { method: 'GET', url: `${API}${url}`, token: user.token });
  const post = (url: string, user: TestUser, body: unknown = {}) =>
    call(orders.app, { method: 'POST', url: `${API}${url}`, token: user.token, body });
  /** A paid order of `user` for `quantity` of a new product; resolves to the order and the product. */
  const paidOrder = async (user: TestUser, quantity = 1) => {
    const product = orders.catalog.addProduct({ price: 2_000, stock: 10 });
    const response = await placeOrder(orders.app, user.token, {
      items: [{ product_id: product.id, quantity }],
    });
    expect(response.statusCode, response.body).toBe(201);
    return { order: response.json<{ id: string; totals: { total: { amount: number } } }>(), product };
  };
  /** A payments event, as payments publishes it. */
  const refundEvent = (
    orderId: string,
    status: 'refunded' | 'partially_refunded',
    amount: number,
    refunded: number,
  ) => {
    const payment = orders.payments.byOrder(orderId);
    if (!payment) throw new Error('no payment');
    return paymentRefunded(payment, status, amount, refunded);
  };
  const handled = async (event: EventEnvelope) => {
    await eventually(async () => {
      const rows = await orders.database.query('select 1 from orders.inbox where event_id = $1', [event.id]);
      expect(rows).toHaveLength(1);
    });
  };

  beforeAll(async () => {
    orders = await startOrders(backend);
    [alice, bob, manager] = await Promise.all([
      orders.identity.user('customer'),
      orders.identity.user('customer'),
      orders.identity.user('manager'),
    ]);
  });
  afterAll(async () => {
    await orders.close();
  });

  describe('reading orders', () => {
    it('shows a customer their own order and staff any; another customer gets 404, as if it did not exist', async () => {
      const { order } = await paidOrder(alice);
      expect((await get(`/orders/${order.id}`, alice)).json()).toEqual(order);
      expect((await get(`/orders/${order.id}`, manager)).json()).toEqual(order);
      expectError(await get(`/orders/${order.id}`, bob), 404, 'ORDER_NOT_FOUND');
      expectError(await get(`/orders/${newId()}`, alice), 404, 'ORDER_NOT_FOUND');
      expectError(await get('/orders/not-an-id', alice), 400, 'VALIDATION_ERROR');
      expectError(
        await call(orders.app, { method: 'GET', url: `${API}/orders/${order.id}` }),
        401,
        'AUTHENTICATION_REQUIRED',
      );
    });

    it('lists my orders newest first, a page at a time; staff list everyone’s and filter by customer and status', async () => {
      const carol = await orders.identity.user('customer');
      const placed = [];
      for (let i = 0; i < 3; i++) placed.push((await paidOrder(carol)).order.id);
      await paidOrder(alice);

      const first = (await get('/orders?limit=2', carol)).json();
      expect(first.items.map((item: { id: string }) => item.id)).toEqual([placed[2], placed[1]]);
      const second = (await get(`/orders?limit=2&cursor=${first.next_cursor}`, carol)).json();
      expect(second).toMatchObject({ items: [{ id: placed[0] }], next_cursor: null });

      const mine = (await get('/orders?limit=100', alice)).json().items as { customer_id: string }[];
      expect(mine.every((item) => item.customer_id === alice.id)).toBe(true);
      const theirs = (await get(`/orders?customer_id=${carol.id}&status=paid`, manager)).json();
      expect(theirs.items).toHaveLength(3);
      expect((await get(`/orders?customer_id=${carol.id}&status=shipped`, manager)).json().items).toEqual([]);
      const everyone = (await get('/orders?limit=100', manager)).json().items as { customer_id: string }[];
      expect(new Set(everyone.map((item) => item.customer_id)).size).toBeGreaterThan(1);

      expectError(await get(`/orders?customer_id=${carol.id}`, alice), 403, 'FORBIDDEN');
      expect((await get(`/orders?customer_id=${alice.id}`, alice)).statusCode).toBe(200);
      expectError(await get('/orders?cursor=forged', alice), 400, 'INVALID_CURSOR');
      expectError(await get('/orders?status=lost', alice), 400, 'VALIDATION_ERROR');
      expectError(await get('/orders?limit=0', alice), 400, 'VALIDATION_ERROR');
    });
  });

  describe('cancelling', () => {
    it('cancels a paid order: refunded in full, stock returned, history and events; a second cancel is 409', async () => {
      const { order, product } = await paidOrder(alice, 3);
      expect(orders.catalog.product(product.id).stock_qty).toBe(7);
      const response = await post(`/orders/${order.id}/cancel`, alice, { reason: 'changed my mind' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        status: 'cancelled',
        cancel_reason: 'changed my mind',
        history: [
          { status: 'pending' },
          { status: 'paid' },
          { status: 'cancelled', by: alice.id, reason: 'changed my mind' },
        ],
      });
      expect(orders.payments.byOrder(order.id)).toMatchObject({
        status: 'refunded',
        refunded: { amount: order.totals.total.amount },
      });
      expect(orders.catalog.reservation(order.id)?.status).toBe('returned');
      expect(orders.catalog.product(product.id).stock_qty).toBe(10);
      const events = await orderEvents(orders.database, order.id);
      expectValidEvents(events);
      expect(events.at(-1)).toMatchObject({
        type: 'orders.order.cancelled',
        data: { was_paid: true, reason: 'changed my mind', items: [{ product_id: product.id, quantity: 3 }] },
      });
      expect(events.at(-2)).toMatchObject({ data: { from: 'paid', to: 'cancelled', changed_by: alice.id } });
      expectError(await post(`/orders/${order.id}/cancel`, alice), 409, 'INVALID_TRANSITION');
      // Its own refund coming back as an event changes nothing more.
      const event = refundEvent(order.id, 'refunded', order.totals.total.amount, order.totals.total.amount);
      await orders.bus.publish(event);
      await handled(event);
      expect((await get(`/orders/${order.id}`, alice)).json().status).toBe('cancelled');
    });

    it('lets staff cancel any order; another customer gets 404', async () => {
      const { order } = await paidOrder(alice);
      expectError(await post(`/orders/${order.id}/cancel`, bob), 404, 'ORDER_NOT_FOUND');
      const response = await call(orders.app, {
        method: 'POST',
        url: `${API}/orders/${order.id}/cancel`,
        token: manager.token,
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ status: 'cancelled', cancel_reason: 'staff_request' });
      expect(response.json().history.at(-1)).toMatchObject({ by: manager.id });
    });

    it('refuses an order still in checkout (409 ORDER_IN_CHECKOUT) and shipped ones (409 INVALID_TRANSITION)', async () => {
      const product = orders.catalog.addProduct();
      const priced = await priceCheckout(orders.deps, {
        customerId: alice.id,
        items: [{ product_id: product.id, quantity: 1 }],
      });
      const pending = await createPendingOrder(orders.deps, {
        customerId: alice.id,
        priced,
        shippingAddress: null,
        linkOrder: async () => undefined,
      });
      expectError(await post(`/orders/${pending.id}/cancel`, alice), 409, 'ORDER_IN_CHECKOUT');

      const { order } = await paidOrder(alice);
      expect((await post(`/orders/${order.id}/status`, manager, { status: 'shipped' })).statusCode).toBe(200);
      const refused = expectError(await post(`/orders/${order.id}/cancel`, alice), 409, 'INVALID_TRANSITION');
      expect(refused.details).toEqual({ from: 'shipped', to: 'cancelled' });
      expectError(await post(`/orders/${order.id}/cancel`, alice, { reason: '' }), 400, 'VALIDATION_ERROR');
    });
  });

  describe('shipping and delivering', () => {
    it('lets staff ship then deliver, each step in the history with who and why, and announced', async () => {
      const { order } = await paidOrder(alice);
      const shipped = await post(`/orders/${order.id}/status`, manager, {
        status: 'shipped',
        reason: 'tracking 1Z999',
      });
      expect(shipped.statusCode, shipped.body).toBe(200);
      expect(shipped.json().history.at(-1)).toMatchObject({
        status: 'shipped',
        by: manager.id,
        reason: 'tracking 1Z999',
      });
      const delivered = await post(`/orders/${order.id}/status`, manager, { status: 'delivered' });
      expect(delivered.json()).toMatchObject({ status: 'delivered' });
      expect(delivered.json().history.map((entry: { status: string }) => entry.status)).toEqual([
        'pending',
        'paid',
        'shipped',
        'delivered',
      ]);
      const events = await orderEvents(orders.database, order.id);
      expectValidEvents(events);
      expect(events.slice(-2).map((event) => (event.data as { to: string }).to)).toEqual([
        'shipped',
        'delivered',
      ]);
    });

    it('refuses moves the status machine forbids, customers (403) and unknown orders (404)', async () => {
      const { order } = await paidOrder(alice);
      const skipped = expectError(
        await post(`/orders/${order.id}/status`, manager, { status: 'delivered' }),
        409,
        'INVALID_TRANSITION',
      );
      expect(skipped.details).toEqual({ from: 'paid', to: 'delivered' });
      expectError(await post(`/orders/${order.id}/status`, alice, { status: 'shipped' }), 403, 'FORBIDDEN');
      expectError(
        await post(`/orders/${newId()}/status`, manager, { status: 'shipped' }),
        404,
        'ORDER_NOT_FOUND',
      );
      for (const status of ['paid', 'cancelled', 'refunded', 'lost']) {
        expectError(await post(`/orders/${order.id}/status`, manager, { status }), 400, 'VALIDATION_ERROR');
      }
    });
  });

  describe('refunds made in payments (payments.payment.refunded)', () => {
    it('marks a fully refunded order refunded, once, however often the event comes', async () => {
      const { order } = await paidOrder(alice);
      await post(`/orders/${order.id}/status`, manager, { status: 'shipped' });
      orders.payments.refundOutside(order.id, order.totals.total.amount);
      const event = refundEvent(order.id, 'refunded', order.totals.total.amount, order.totals.total.amount);
      await orders.bus.publish(event);
      await orders.bus.publish(event);
      await handled(event);
      const read = (await get(`/orders/${order.id}`, alice)).json();
      expect(read.status).toBe('refunded');
      expect(read.history.at(-1)).toMatchObject({ status: 'refunded', by: null, reason: 'refund' });
      const events = await orderEvents(orders.database, order.id);
      expectValidEvents(events);
      expect(events.filter((e) => (e.data as { to?: string }).to === 'refunded')).toHaveLength(1);
    });

    it('notes a partial refund in the history without changing the status', async () => {
      const { order } = await paidOrder(alice);
      const event = refundEvent(order.id, 'partially_refunded', 500, 500);
      await orders.bus.publish(event);
      await handled(event);
      const read = (await get(`/orders/${order.id}`, alice)).json();
      expect(read.status).toBe('paid');
      expect(read.history.at(-1)).toMatchObject({
        status: 'paid',
        by: null,
        reason: 'partial_refund: 5.00 USD refunded (5.00 USD in all)',
      });
    });

    it('ignores refunds of orders it does not know or that are not paid', async () => {
      const { order } = await paidOrder(alice);
      const unknown = refundEvent(order.id, 'refunded', 1, 1);
      (unknown.data as { order_id: string }).order_id = newId();
      await orders.bus.publish(unknown);
      await handled(unknown);
      expect((await get(`/orders/${order.id}`, alice)).json().status).toBe('paid');
    });
  });
});
