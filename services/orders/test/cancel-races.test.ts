import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends, type TestUser } from '@bodega/testing';
import {
  API,
  call,
  eventually,
  expectError,
  orderEvents,
  paymentRefunded,
  placeOrder,
} from './support/api.js';
import { startOrders, type OrdersUnderTest } from './support/orders.js';

/**
 * A cancellation refunds, returns the stock, then cancels: three steps, the refund a call to payments.
 * These hold that call open (the fake payments answers only when released) and let staff act on the
 * same order meanwhile, so each interleaving happens every run, not by luck.
 */
describe.each(databaseBackends())('a cancellation racing staff on $name', (backend) => {
  let orders: OrdersUnderTest;
  let alice: TestUser;
  let manager: TestUser;

  const post = (url: string, user: TestUser, body: unknown = {}) =>
    call(orders.app, { method: 'POST', url: `${API}${url}`, token: user.token, body });
  const paidOrder = async () => {
    const product = orders.catalog.addProduct({ price: 2_000, stock: 10 });
    const response = await placeOrder(orders.app, alice.token, {
      items: [{ product_id: product.id, quantity: 2 }],
    });
    expect(response.statusCode, response.body).toBe(201);
    return { order: response.json<{ id: string; totals: { total: { amount: number } } }>(), product };
  };
  const statusesOf = async (orderId: string) =>
    (await orderEvents(orders.database, orderId))
      .filter((event) => event.type === 'orders.order.status_changed')
      .map((event) => (event.data as { to: string }).to);

  beforeAll(async () => {
    // A held refund must outlast what staff do meanwhile: no deadline of the test's making cuts it.
    orders = await startOrders(backend, { PAYMENTS_TIMEOUT_MS: '30000' });
    [alice, manager] = await Promise.all([orders.identity.user('customer'), orders.identity.user('manager')]);
  });
  afterAll(async () => {
    await orders.close();
  });

  it('refuses to ship or deliver while the cancellation is refunding (409 CANCELLATION_PENDING); it then ends cancelled', async () => {
    const { order, product } = await paidOrder();
    const hold = orders.payments.holdNextRefund();
    const cancelling = post(`/orders/${order.id}/cancel`, alice);
    await hold.arrived;

    const ship = expectError(
      await post(`/orders/${order.id}/status`, manager, { status: 'shipped' }),
      409,
      'CANCELLATION_PENDING',
    );
    expect(ship.details).toEqual({ from: 'paid', to: 'shipped' });
    hold.release();
    const cancelled = await cancelling;
    expect(cancelled.statusCode, cancelled.body).toBe(200);

    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect(await statusesOf(order.id)).toEqual(['pending', 'paid', 'cancelled']);
    expect(orders.payments.byOrder(order.id)).toMatchObject({
      status: 'refunded',
      refunded: { amount: order.totals.total.amount },
    });
    expect(orders.catalog.product(product.id).stock_qty).toBe(10);
    expectError(
      await post(`/orders/${order.id}/status`, manager, { status: 'shipped' }),
      409,
      'INVALID_TRANSITION',
    );
  });

  it('refuses to start a cancellation once the order shipped: nothing refunded, nothing restocked', async () => {
    const { order, product } = await paidOrder();
    expect((await post(`/orders/${order.id}/status`, manager, { status: 'shipped' })).statusCode).toBe(200);
    expectError(await post(`/orders/${order.id}/cancel`, alice), 409, 'INVALID_TRANSITION');
    expect(
      orders.payments.callsTo(/refund/).filter((c) => (c.body as { order_id: string }).order_id === order.id),
    ).toEqual([]);
    expect(orders.payments.byOrder(order.id)).toMatchObject({ status: 'captured', refunded: { amount: 0 } });
    expect(orders.catalog.product(product.id).stock_qty).toBe(8);
  });

  it('lets a full refund by staff that lands first win: the cancellation answers 409 ORDER_REFUNDED, stock stays sold', async () => {
    const { order, product } = await paidOrder();
    const hold = orders.payments.holdNextRefund();
    const cancelling = post(`/orders/${order.id}/cancel`, alice);
    await hold.arrived;
    const staffRefund = orders.payments.refundOutside(order.id, order.totals.total.amount);
    hold.release();

    expectError(await cancelling, 409, 'ORDER_REFUNDED');
    // Staff's refund comes back as its event, as payments publishes it: the order is refunded once.
    const event = paymentRefunded(
      staffRefund,
      'refunded',
      staffRefund.amount.amount,
      staffRefund.refunded.amount,
    );
    await orders.bus.publish(event);
    await eventually(async () => {
      expect(
        await orders.database.query('select 1 from orders.inbox where event_id = $1', [event.id]),
      ).toHaveLength(1);
    });

    const read = await call(orders.app, {
      method: 'GET',
      url: `${API}/orders/${order.id}`,
      token: alice.token,
    });
    expect(read.json()).toMatchObject({ status: 'refunded', cancel_reason: null });
    expect(await statusesOf(order.id)).toEqual(['pending', 'paid', 'refunded']);
    expect(orders.payments.byOrder(order.id)).toMatchObject({
      status: 'refunded',
      refunded: { amount: order.totals.total.amount },
      refunds: [{ amount: { amount: order.totals.total.amount } }],
    });
    expect(orders.catalog.product(product.id).stock_qty).toBe(8);
    expectError(
      await post(`/orders/${order.id}/status`, manager, { status: 'shipped' }),
      409,
      'INVALID_TRANSITION',
    );
    expectError(await post(`/orders/${order.id}/cancel`, alice), 409, 'INVALID_TRANSITION');
  });
});
