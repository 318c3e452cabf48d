import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends, type TestUser } from '@bodega/testing';
import { createPendingOrder, decideCancel } from '../src/checkout/order-writes.js';
import { priceCheckout } from '../src/checkout/price-step.js';
import { claimKey, linkOrder, type IdempotencyScope } from '../src/idempotency/idempotency-store.js';
import { requestHash } from '../src/idempotency/request-hash.js';
import { recoverCheckouts } from '../src/index.js';
import {
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

describe.each(databaseBackends())('recovery of checkouts left half-done, on $name', (backend) => {
  let orders: OrdersUnderTest;
  let customer: TestUser;

  /** What POST /orders sends for one unit of a product. */
  const bodyFor = (productId: string) => ({
    payment: { card_number: cards.approved },
    items: [{ product_id: productId, quantity: 1 }],
  });

  /**
   * A checkout that crashed after `upTo`: its key claimed as the route does, then the saga's steps
   * run by hand (a: price, b: create the order, c: reserve, d: authorize), and nothing after.
   */
  async function crashedCheckout(productId: string, upTo: 'created' | 'reserved' | 'authorized') {
    const { deps } = orders;
    const key = newKey();
    const scope: IdempotencyScope = {
      customerId: customer.id,
      key,
      requestHash: requestHash('POST', '/api/v1/orders', bodyFor(productId)),
    };
    expect(await claimKey(deps.db, scope, deps.now, 0)).toEqual({ claimed: true });
    const priced = await priceCheckout(deps, {
      customerId: customer.id,
      items: [{ product_id: productId, quantity: 1 }],
    });
    const order = await createPendingOrder(deps, {
      customerId: customer.id,
      priced,
      shippingAddress: null,
      linkOrder: (tx, orderId) => linkOrder(tx, scope, orderId, deps.now()),
    });
    if (upTo !== 'created') {
      await deps.catalog.reserve({
        reservation_id: order.id,
        items: [{ product_id: productId, quantity: 1 }],
      });
    }
    if (upTo === 'authorized') {
      await deps.payments.authorize({
        order_id: order.id,
        customer_id: customer.id,
        amount: { amount: order.total, currency: order.currency },
        card_number: cards.approved,
      });
    }
    return { orderId: order.id, key };
  }

  const statusOf = async (orderId: string) => {
    const rows = await orders.database.query<{ status: string; cancel_reason: string | null }>(
      'select status, cancel_reason from orders.orders where id = $1',
      [orderId],
    );
    return rows[0];
  };

  beforeAll(async () => {
    orders = await startOrders(backend);
    customer = await orders.identity.user('customer');
  });
  afterAll(async () => {
    await orders.close();
  });

  it('leaves a checkout that is still fresh alone', async () => {
    const gong = orders.catalog.addProduct();
    const { orderId } = await crashedCheckout(gong.id, 'reserved');
    const report = await recoverCheckouts(orders.deps, new Date());
    expect([...report.completed, ...report.cancelled, ...report.deferred]).not.toContain(orderId);
    expect(await statusOf(orderId)).toEqual({ status: 'pending', cancel_reason: null });
  });

  it('compensates an order left after its reservation: void recorded, stock released, cancelled checkout_abandoned; its key then answers that', async () => {
    const gong = orders.catalog.addProduct({ stock: 3 });
    const { orderId, key } = await crashedCheckout(gong.id, 'reserved');
    expect(orders.catalog.product(gong.id).stock_qty).toBe(2);

    const report = await recoverCheckouts(orders.deps, later());
    expect(report.cancelled).toContain(orderId);
    expect(report.keysFinished).toBeGreaterThanOrEqual(1);
    expect(orders.catalog.reservation(orderId)?.status).toBe('released');
    expect(orders.catalog.product(gong.id).stock_qty).toBe(3);
    // Voided before any payment: an authorization still on its way would be refused.
    expect(orders.payments.voided(orderId)).toBe(true);
    expect(await statusOf(orderId)).toEqual({ status: 'cancelled', cancel_reason: 'checkout_abandoned' });
    const events = await orderEvents(orders.database, orderId);
    expectValidEvents(events);
    expect(events.at(-1)).toMatchObject({
      type: 'orders.order.cancelled',
      data: { reason: 'checkout_abandoned' },
    });

    const replay = await placeOrder(orders.app, customer.token, bodyFor(gong.id), key);
    const answer = expectError(replay, 409, 'CHECKOUT_ABANDONED');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(answer.details).toMatchObject({ order_id: orderId });
  });

  it('compensates an order left before its reservation', async () => {
    const gong = orders.catalog.addProduct();
    const { orderId } = await crashedCheckout(gong.id, 'created');
    const report = await recoverCheckouts(orders.deps, later());
    expect(report.cancelled).toContain(orderId);
    expect(await statusOf(orderId)).toEqual({ status: 'cancelled', cancel_reason: 'checkout_abandoned' });
  });

  it('completes an order left after its authorization: stock committed, payment captured, paid and announced; its key answers 201', async () => {
    const gong = orders.catalog.addProduct({ stock: 2 });
    const { orderId, key } = await crashedCheckout(gong.id, 'authorized');

    const report = await recoverCheckouts(orders.deps, later());
    expect(report.completed).toContain(orderId);
    expect(orders.catalog.reservation(orderId)?.status).toBe('committed');
    expect(orders.payments.byOrder(orderId)?.status).toBe('captured');
    expect(await statusOf(orderId)).toEqual({ status: 'paid', cancel_reason: null });
    const events = await orderEvents(orders.database, orderId);
    expectValidEvents(events);
    expect(events.map((event) => event.type)).toEqual([
      'orders.order.status_changed',
      'orders.order.status_changed',
      'orders.order.placed',
    ]);

    const replay = await placeOrder(orders.app, customer.token, bodyFor(gong.id), key);
    expect(replay.statusCode, replay.body).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toMatchObject({
      id: orderId,
      status: 'paid',
      payment_id: orders.payments.byOrder(orderId)?.id,
    });
  });

  it('cancels an authorized order whose hold expired and whose stock was sold meanwhile: the authorization is voided', async () => {
    const gong = orders.catalog.addProduct({ stock: 1 });
    const { orderId } = await crashedCheckout(gong.id, 'authorized');
    orders.catalog.expire(orderId);
    orders.catalog.product(gong.id).stock_qty = 0;

    const report = await recoverCheckouts(orders.deps, later());
    expect(report.cancelled).toContain(orderId);
    expect(orders.payments.byOrder(orderId)?.status).toBe('voided');
    expect(await statusOf(orderId)).toEqual({ status: 'cancelled', cancel_reason: 'out_of_stock' });
  });

  it('finishes a cancel decided after the money was captured and the stock committed: refunded, stock returned', async () => {
    const gong = orders.catalog.addProduct({ stock: 2 });
    const { orderId } = await crashedCheckout(gong.id, 'authorized');
    await orders.deps.catalog.commit(orderId);
    const payment = orders.payments.byOrder(orderId);
    if (!payment) throw new Error('no payment');
    await orders.deps.payments.capture(payment.id);
    await decideCancel(orders.deps, orderId, 'payment_unavailable');

    const report = await recoverCheckouts(orders.deps, later());
    expect(report.cancelled).toContain(orderId);
    expect(orders.payments.byOrder(orderId)).toMatchObject({
      status: 'refunded',
      refunds: [{ id: orderId }],
    });
    expect(orders.catalog.reservation(orderId)?.status).toBe('returned');
    expect(orders.catalog.product(gong.id).stock_qty).toBe(2);
    expect(await statusOf(orderId)).toEqual({ status: 'cancelled', cancel_reason: 'payment_unavailable' });
    const cancelled = (await orderEvents(orders.database, orderId)).at(-1);
    expect(cancelled).toMatchObject({ type: 'orders.order.cancelled', data: { was_paid: true } });
  });

  it('waits for payments to answer: an order is deferred while payments is down, settled on a later run', async () => {
    const gong = orders.catalog.addProduct();
    const { orderId } = await crashedCheckout(gong.id, 'authorized');
    orders.payments.health = 'error';
    const deferred = await recoverCheckouts(orders.deps, later());
    expect(deferred.deferred).toContain(orderId);
    expect(await statusOf(orderId)).toEqual({ status: 'pending', cancel_reason: null });
    orders.payments.health = 'up';
    // The deferred order was touched by the first run: it is stale again only after another 30 s.
    expect((await recoverCheckouts(orders.deps, later(70))).completed).not.toContain(orderId);
    expect((await recoverCheckouts(orders.deps, later(120))).completed).toContain(orderId);
  });

  it('releases a key whose request stopped before creating an order, so the client can retry with it', async () => {
    const gong = orders.catalog.addProduct();
    const key = newKey();
    const scope = {
      customerId: customer.id,
      key,
      requestHash: requestHash('POST', '/api/v1/orders', bodyFor(gong.id)),
    };
    expect(await claimKey(orders.deps.db, scope, orders.deps.now, 0)).toEqual({ claimed: true });
    // Meanwhile the key is taken: a retry gets 409 IDEMPOTENCY_IN_PROGRESS (this instance waits 10 s; ask directly).
    await expect(claimKey(orders.deps.db, scope, orders.deps.now, 0)).rejects.toMatchObject({
      code: 'IDEMPOTENCY_IN_PROGRESS',
    });
    const report = await recoverCheckouts(orders.deps, later());
    expect(report.keysReleased).toBeGreaterThanOrEqual(1);
    const retry = await placeOrder(orders.app, customer.token, bodyFor(gong.id), key);
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });

  it('runs on its own timer in the app when configured to', async () => {
    const quick = await startOrders(backend, {
      RECOVERY_INTERVAL_MS: '100',
      RECOVERY_STALE_AFTER_MS: '1000',
    });
    try {
      const buyer = await quick.identity.user('customer');
      const gong = quick.catalog.addProduct();
      quick.catalog.failing = /\/commit$/;
      const incomplete = expectError(
        await placeOrder(quick.app, buyer.token, bodyFor(gong.id)),
        504,
        'CHECKOUT_INCOMPLETE',
      );
      quick.catalog.failing = undefined;
      const orderId = incomplete.details.order_id as string;
      await eventually(async () => {
        const rows = await quick.database.query<{ status: string }>(
          'select status from orders.orders where id = $1',
          [orderId],
        );
        expect(rows[0]?.status).toBe('paid');
      });
    } finally {
      await quick.close();
    }
  });
});
