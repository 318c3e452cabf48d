import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseBackends, type TestUser } from '@bodega/testing';
import { recoverCheckouts } from '../src/index.js';
import {
  API,
  call,
  eventually,
  expectError,
  expectValidEvents,
  newKey,
  orderEvents,
  placeOrder,
} from './support/api.js';
import { cards } from './support/fake-payments.js';
import { startOrders, type OrdersUnderTest } from './support/orders.js';

/** Later than any order of this test run is stale (RECOVERY_STALE_AFTER_MS is 30 s). */
const later = (seconds = 60) => new Date(Date.now() + seconds * 1_000);

describe.each(databaseBackends())('checkout when catalog or payments fail, on $name', (backend) => {
  let orders: OrdersUnderTest;
  let customer: TestUser;

  const order = (productId: string, key = newKey(), card: string = cards.approved) =>
    placeOrder(
      orders.app,
      customer.token,
      { items: [{ product_id: productId, quantity: 1 }], payment: { card_number: card } },
      key,
    );
  const statusOf = async (orderId: string) => {
    const rows = await orders.database.query<{ status: string; cancel_reason: string | null }>(
      'select status, cancel_reason from orders.orders where id = $1',
      [orderId],
    );
    return rows[0];
  };

  // A fresh service per test: the outages of one test open circuit breakers that must not leak into the next.
  beforeEach(async () => {
    orders = await startOrders(backend, { IDEMPOTENCY_WAIT_MS: '300' });
    customer = await orders.identity.user('customer');
  });
  afterEach(async () => {
    await orders.close();
  });

  it('when payments is too slow: 503 PAYMENTS_UNAVAILABLE, the order voided and cancelled, its stock released, the late authorization refused', async () => {
    const drum = orders.catalog.addProduct({ stock: 2 });
    orders.payments.slowAuthorizationsMs = 1_500;
    const refused = expectError(await order(drum.id), 503, 'PAYMENTS_UNAVAILABLE');
    expect(refused.message).toMatch(/nothing was charged/);
    const orderId = refused.details.order_id as string;
    expect(orders.payments.callsTo(/\/void$/).map((c) => c.body)).toContainEqual(
      expect.objectContaining({ order_id: orderId }),
    );
    expect(orders.catalog.reservation(orderId)?.status).toBe('released');
    expect(orders.catalog.product(drum.id).stock_qty).toBe(2);
    expect(await statusOf(orderId)).toEqual({ status: 'cancelled', cancel_reason: 'payment_unavailable' });
    // The provider answers at last: payments refuses the authorization of a voided order.
    await eventually(() => {
      expect(orders.payments.answered.filter((c) => c.path.endsWith('/authorize'))).toContainEqual(
        expect.objectContaining({ body: expect.objectContaining({ order_id: orderId }) }),
      );
    });
    expect(orders.payments.byOrder(orderId)).toBeUndefined();
  });

  it('when the provider fails (502), answers 503 PAYMENTS_UNAVAILABLE and compensates', async () => {
    const drum = orders.catalog.addProduct();
    const refused = expectError(
      await order(drum.id, newKey(), cards.providerError),
      503,
      'PAYMENTS_UNAVAILABLE',
    );
    const orderId = refused.details.order_id as string;
    expect(orders.payments.voided(orderId)).toBe(true);
    expect(orders.catalog.reservation(orderId)?.status).toBe('released');
  });

  it('when payments is down, its stock goes back at once; the order waits pending with its reason until recovery voids and cancels it once payments is back', async () => {
    const drum = orders.catalog.addProduct({ stock: 4 });
    orders.payments.health = 'error';
    const key = newKey();
    const first = await order(drum.id, key);
    const refused = expectError(first, 503, 'PAYMENTS_UNAVAILABLE');
    const orderId = refused.details.order_id as string;
    // The void could not be sent, but the hold is given back all the same: no stock waits for payments.
    expect(await statusOf(orderId)).toEqual({ status: 'pending', cancel_reason: 'payment_unavailable' });
    expect(orders.catalog.reservation(orderId)?.status).toBe('released');
    expect(orders.catalog.product(drum.id).stock_qty).toBe(4);
    expect(orders.payments.voided(orderId)).toBe(false);

    orders.payments.health = 'up';
    const report = await recoverCheckouts(orders.deps, later());
    expect(report.cancelled).toContain(orderId);
    expect(orders.payments.voided(orderId)).toBe(true);
    expect(orders.catalog.reservation(orderId)?.status).toBe('released');
    expect(orders.catalog.product(drum.id).stock_qty).toBe(4);
    expect(await statusOf(orderId)).toEqual({ status: 'cancelled', cancel_reason: 'payment_unavailable' });
    expectValidEvents(await orderEvents(orders.database, orderId));
    // A 503 is no answer about the request: the key was given back, and its retry checks out anew.
    const retry = await order(drum.id, key);
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.json().id).not.toBe(orderId);
    expect(await statusOf(orderId)).toEqual({ status: 'cancelled', cancel_reason: 'payment_unavailable' });
    const replay = await order(drum.id, key);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(retry.json());
  });

  it('recovery gives a held stock back even while payments is still down, and cancels the order once it returns', async () => {
    const drum = orders.catalog.addProduct({ stock: 3 });
    orders.payments.health = 'error';
    orders.catalog.failing = /\/release$/;
    const refused = expectError(await order(drum.id), 503, 'PAYMENTS_UNAVAILABLE');
    const orderId = refused.details.order_id as string;
    expect(orders.catalog.reservation(orderId)?.status).toBe('held');

    orders.catalog.failing = undefined;
    const first = await recoverCheckouts(orders.deps, later());
    expect(first.deferred).toContain(orderId);
    expect(orders.catalog.reservation(orderId)?.status).toBe('released');
    expect(orders.catalog.product(drum.id).stock_qty).toBe(3);
    expect(await statusOf(orderId)).toEqual({ status: 'pending', cancel_reason: 'payment_unavailable' });

    orders.payments.health = 'up';
    const second = await recoverCheckouts(orders.deps, later(120));
    expect(second.cancelled).toContain(orderId);
    expect(orders.payments.voided(orderId)).toBe(true);
    expect(await statusOf(orderId)).toEqual({ status: 'cancelled', cancel_reason: 'payment_unavailable' });
  });

  it('when payments cannot be reached at all, answers 503 PAYMENTS_UNAVAILABLE', async () => {
    const drum = orders.catalog.addProduct();
    orders.payments.health = 'reset';
    const refused = expectError(await order(drum.id), 503, 'PAYMENTS_UNAVAILABLE');
    orders.payments.health = 'up';
    const orderId = refused.details.order_id as string;
    await recoverCheckouts(orders.deps, later());
    expect(await statusOf(orderId)).toEqual({ status: 'cancelled', cancel_reason: 'payment_unavailable' });
    expect(orders.catalog.reservation(orderId)?.status).toBe('released');
  });

  it('when catalog is down, answers 503 CATALOG_UNAVAILABLE without creating an order', async () => {
    const drum = orders.catalog.addProduct();
    orders.catalog.health = 'error';
    const before = (await orders.database.query('select id from orders.orders')).length;
    expectError(await order(drum.id), 503, 'CATALOG_UNAVAILABLE');
    expect(await orders.database.query('select id from orders.orders')).toHaveLength(before);
  });

  it('when the reservation gets no answer, cancels with catalog_unavailable after giving any hold back', async () => {
    const drum = orders.catalog.addProduct();
    orders.catalog.failing = /\/internal\/reservations$/;
    const refused = expectError(await order(drum.id), 503, 'CATALOG_UNAVAILABLE');
    const orderId = refused.details.order_id as string;
    expect(orders.catalog.callsTo(new RegExp(`${orderId}/release$`))).toHaveLength(1);
    expect(await statusOf(orderId)).toEqual({ status: 'cancelled', cancel_reason: 'catalog_unavailable' });
  });

  it('when the commit gets no answer after the money was authorized: 504 CHECKOUT_INCOMPLETE, replays wait, recovery completes the order', async () => {
    const drum = orders.catalog.addProduct({ stock: 3 });
    orders.catalog.failing = /\/commit$/;
    const key = newKey();
    const incomplete = expectError(await order(drum.id, key), 504, 'CHECKOUT_INCOMPLETE');
    const orderId = incomplete.details.order_id as string;
    expect(await statusOf(orderId)).toEqual({ status: 'pending', cancel_reason: null });
    expect(orders.payments.byOrder(orderId)?.status).toBe('authorized');
    expectError(await order(drum.id, key), 409, 'IDEMPOTENCY_IN_PROGRESS');

    orders.catalog.failing = undefined;
    const report = await recoverCheckouts(orders.deps, later());
    expect(report.completed).toContain(orderId);
    expect(report.keysFinished).toBeGreaterThanOrEqual(1);
    expect(orders.catalog.reservation(orderId)?.status).toBe('committed');
    expect(orders.payments.byOrder(orderId)?.status).toBe('captured');
    const events = await orderEvents(orders.database, orderId);
    expectValidEvents(events);
    expect(events.map((event) => event.type)).toContain('orders.order.placed');
    const replay = await order(drum.id, key);
    expect(replay.statusCode, replay.body).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toMatchObject({ id: orderId, status: 'paid' });
  });

  it('when the capture gets no answer, recovery captures and completes the order', async () => {
    const drum = orders.catalog.addProduct();
    orders.payments.failing = /\/capture$/;
    const incomplete = expectError(await order(drum.id), 504, 'CHECKOUT_INCOMPLETE');
    orders.payments.failing = undefined;
    const orderId = incomplete.details.order_id as string;
    expect(orders.catalog.reservation(orderId)?.status).toBe('committed');
    const report = await recoverCheckouts(orders.deps, later());
    expect(report.completed).toContain(orderId);
    expect(orders.payments.byOrder(orderId)?.status).toBe('captured');
    expect(await statusOf(orderId)).toEqual({ status: 'paid', cancel_reason: null });
  });

  it('when the hold expired and its stock was sold before the commit: 409 OUT_OF_STOCK, the payment voided, nothing charged', async () => {
    const drum = orders.catalog.addProduct({ stock: 1 });
    orders.catalog.afterNextReservation = (reservationId) => {
      orders.catalog.expire(reservationId);
      orders.catalog.product(drum.id).stock_qty = 0;
    };
    const refused = expectError(await order(drum.id), 409, 'OUT_OF_STOCK');
    const orderId = refused.details.order_id as string;
    expect(orders.payments.byOrder(orderId)?.status).toBe('voided');
    expect(await statusOf(orderId)).toEqual({ status: 'cancelled', cancel_reason: 'out_of_stock' });
  });

  it('cancelling a paid order while payments is down answers 503 and keeps it paid; recovery finishes the cancellation, refunding once', async () => {
    const drum = orders.catalog.addProduct({ stock: 2 });
    const placed = await order(drum.id);
    expect(placed.statusCode).toBe(201);
    const orderId = placed.json().id as string;
    orders.payments.health = 'error';
    expectError(
      await call(orders.app, {
        method: 'POST',
        url: `${API}/orders/${orderId}/cancel`,
        token: customer.token,
        body: {},
      }),
      503,
      'PAYMENTS_UNAVAILABLE',
    );
    expect(await statusOf(orderId)).toMatchObject({ status: 'paid' });
    orders.payments.health = 'up';
    const report = await recoverCheckouts(orders.deps, later());
    expect(report.cancelled).toContain(orderId);
    expect(await statusOf(orderId)).toEqual({ status: 'cancelled', cancel_reason: 'customer_request' });
    expect(orders.payments.byOrder(orderId)).toMatchObject({
      status: 'refunded',
      refunds: [expect.anything()],
    });
    expect(orders.catalog.reservation(orderId)?.status).toBe('returned');
    expect(orders.catalog.product(drum.id).stock_qty).toBe(2);
  });
});
