import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventEnvelope, SalesReport, TopProducts } from '@bodega/contracts';
import { newId } from '@bodega/db';
import { databaseBackends, type TestUser } from '@bodega/testing';
import { metricValue, report } from './support/api.js';
import { startAnalytics, type AnalyticsUnderTest } from './support/analytics.js';
import {
  envelope,
  handled,
  orderCancelled,
  orderPlaced,
  paymentRefunded,
  productViewed,
  userRegistered,
} from './support/events.js';

describe.each(databaseBackends())('the analytics consumer on $name', (backend) => {
  let analytics: AnalyticsUnderTest;
  let manager: TestUser;
  const publish = async (...events: EventEnvelope[]) => {
    for (const event of events) await analytics.bus.publish(event);
    await handled(analytics.database, ...events);
  };
  /** Daily sales in UTC of the days from `day` (YYYY-MM-DD) on. */
  const sales = (day: string, days = 1) =>
    report<SalesReport>(
      analytics.app,
      '/analytics/sales',
      {
        from: `${day}T00:00:00Z`,
        to: new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString(),
      },
      manager.token,
    );
  const figures = (point: SalesReport['totals']) => ({
    revenue: point.revenue.amount,
    refunds: point.refunds.amount,
    net: point.net.amount,
    orders: point.orders,
  });
  const product = async (day: string, productId: string) => {
    const top = await report<TopProducts>(
      analytics.app,
      '/analytics/top-products',
      { from: `${day}T00:00:00Z`, to: `${day}T23:59:59Z`, by: 'views', limit: 100 },
      manager.token,
    );
    const units = await report<TopProducts>(
      analytics.app,
      '/analytics/top-products',
      { from: `${day}T00:00:00Z`, to: `${day}T23:59:59Z`, by: 'units', limit: 100 },
      manager.token,
    );
    return [...top.items, ...units.items].find((item) => item.product_id === productId);
  };

  beforeAll(async () => {
    analytics = await startAnalytics(backend);
    manager = await analytics.identity.user('manager');
  });
  afterAll(async () => {
    await analytics.close();
  });

  it('counts an order delivered twice, or placed again under another event id, once', async () => {
    const customer = newId();
    const mug = newId();
    const placed = orderPlaced(customer, '2025-01-10T10:15:00Z', [
      { product_id: mug, quantity: 3, unit: 1_200 },
    ]);
    await publish(placed);
    await publish(placed);
    const again = orderPlaced(
      customer,
      '2025-01-10T10:15:00Z',
      [{ product_id: mug, quantity: 3, unit: 1_200 }],
      {
        orderId: placed.orderId,
      },
    );
    await publish(again);
    expect(figures((await sales('2025-01-10')).totals)).toEqual({
      revenue: 3_600,
      refunds: 0,
      net: 3_600,
      orders: 1,
    });
    expect(await product('2025-01-10', mug)).toMatchObject({
      units: 3,
      revenue: { amount: 3_600, currency: 'USD' },
    });
  });

  it('nets every partial refund in the hour it happened, a redelivered refund once', async () => {
    const customer = newId();
    const placed = orderPlaced(customer, '2025-01-12T10:00:00Z', [
      { product_id: newId(), quantity: 1, unit: 10_000 },
    ]);
    const first = paymentRefunded(placed.orderId, customer, '2025-01-12T12:00:00Z', 2_500);
    const second = paymentRefunded(placed.orderId, customer, '2025-01-13T09:00:00Z', 1_000, 3_500);
    await publish(placed, first, second);
    await publish(first);
    const [day1, day2] = (await sales('2025-01-12', 2)).points;
    expect(figures(day1!)).toEqual({ revenue: 10_000, refunds: 2_500, net: 7_500, orders: 1 });
    expect(figures(day2!)).toEqual({ revenue: 0, refunds: 1_000, net: -1_000, orders: 0 });
  });

  it('nets a paid cancellation and the refund it caused once, whichever arrives first', async () => {
    const customer = newId();
    const [a, b, c] = [newId(), newId(), newId()];
    const cancelledFirst = orderPlaced(customer, '2025-01-14T09:00:00Z', [
      { product_id: a, quantity: 2, unit: 1_000 },
    ]);
    const refundedFirst = orderPlaced(customer, '2025-01-14T09:30:00Z', [
      { product_id: b, quantity: 1, unit: 3_000 },
    ]);
    const partlyFirst = orderPlaced(customer, '2025-01-14T10:00:00Z', [
      { product_id: c, quantity: 1, unit: 5_000 },
    ]);
    await publish(cancelledFirst, refundedFirst, partlyFirst);
    await publish(
      orderCancelled(cancelledFirst, customer, '2025-01-14T11:00:00Z'),
      paymentRefunded(cancelledFirst.orderId, customer, '2025-01-14T11:00:01Z', 2_000),
      paymentRefunded(refundedFirst.orderId, customer, '2025-01-14T11:00:00Z', 3_000),
      orderCancelled(refundedFirst, customer, '2025-01-14T11:00:01Z'),
      // 1,000 back first, then the cancellation refunds the remaining 4,000.
      paymentRefunded(partlyFirst.orderId, customer, '2025-01-14T11:00:00Z', 1_000),
      orderCancelled(partlyFirst, customer, '2025-01-14T11:30:00Z'),
      paymentRefunded(partlyFirst.orderId, customer, '2025-01-14T11:30:01Z', 4_000, 5_000),
    );
    expect(figures((await sales('2025-01-14')).totals)).toEqual({
      revenue: 10_000,
      refunds: 10_000,
      net: 0,
      orders: 3,
    });
    // The cancelled orders' lines are taken off their products.
    expect(await product('2025-01-14', a)).toBeUndefined();
    expect(await product('2025-01-14', b)).toBeUndefined();
  });

  it('ignores cancellations before payment and money back on orders never placed', async () => {
    const customer = newId();
    const declined = { orderId: newId(), total: 4_000 };
    await publish(
      orderCancelled(declined, customer, '2025-01-16T10:00:00Z', false),
      // A checkout that took money, then failed before the order was placed, refunds it.
      orderCancelled({ orderId: newId(), total: 2_000 }, customer, '2025-01-16T10:00:00Z'),
      paymentRefunded(newId(), customer, '2025-01-16T10:00:00Z', 2_000),
    );
    expect(figures((await sales('2025-01-16')).totals)).toEqual({
      revenue: 0,
      refunds: 0,
      net: 0,
      orders: 0,
    });
  });

  it('holds money back that arrives before its order and nets it when the order comes', async () => {
    const customer = newId();
    const placed = orderPlaced(customer, '2025-01-18T08:00:00Z', [
      { product_id: newId(), quantity: 1, unit: 6_000 },
    ]);
    await publish(paymentRefunded(placed.orderId, customer, '2025-01-19T08:00:00Z', 1_500));
    expect(figures((await sales('2025-01-18', 2)).totals)).toEqual({
      revenue: 0,
      refunds: 0,
      net: 0,
      orders: 0,
    });
    await publish(placed);
    const [day1, day2] = (await sales('2025-01-18', 2)).points;
    expect(figures(day1!)).toEqual({ revenue: 6_000, refunds: 0, net: 6_000, orders: 1 });
    expect(figures(day2!)).toEqual({ revenue: 0, refunds: 1_500, net: -1_500, orders: 0 });
    // A cancellation that came before its order takes the lines off once the order arrives.
    const pen = newId();
    const early = orderPlaced(customer, '2025-01-18T09:00:00Z', [
      { product_id: pen, quantity: 4, unit: 500 },
    ]);
    await publish(orderCancelled(early, customer, '2025-01-18T09:30:00Z'), early);
    expect(await product('2025-01-18', pen)).toBeUndefined();
    expect(figures((await sales('2025-01-18')).totals)).toMatchObject({ revenue: 8_000, refunds: 2_000 });
  });

  it('counts catalog product views once per event, per product and hour', async () => {
    const lamp = newId();
    const viewed = productViewed([
      { product_id: lamp, viewed_at: '2025-01-20T10:00:00Z', session_id: 'sess-views-1' },
      { product_id: lamp, viewed_at: '2025-01-20T10:05:00Z' },
    ]);
    await publish(viewed);
    await publish(viewed);
    expect(await product('2025-01-20', lamp)).toMatchObject({ views: 2, units: 0 });
  });

  it('refuses money in another currency: recorded for operators, counted nowhere', async () => {
    const customer = newId();
    const placed = orderPlaced(
      customer,
      '2025-01-22T10:00:00Z',
      [{ product_id: newId(), quantity: 1, unit: 900 }],
      {
        currency: 'EUR',
      },
    );
    const refund = paymentRefunded(newId(), customer, '2025-01-22T11:00:00Z', 100, 100, 'EUR');
    await publish(placed, refund);
    await publish(placed);
    expect(figures((await sales('2025-01-22')).totals)).toEqual({
      revenue: 0,
      refunds: 0,
      net: 0,
      orders: 0,
    });
    const refused = await analytics.database.query<{ type: string; reason: string }>(
      'select type, reason from analytics.refused_events where event_id = any($1::uuid[]) order by type',
      [[placed.id, refund.id]],
    );
    expect(refused).toEqual([
      { type: 'orders.order.placed', reason: "currency EUR is not the shop's USD" },
      { type: 'payments.payment.refunded', reason: "currency EUR is not the shop's USD" },
    ]);
    expect(await metricValue(analytics.app, 'analytics_events_refused_total')).toBe(2);
  });

  it('dead-letters an event breaking its contract, and keeps nothing of it', async () => {
    const broken = { ...userRegistered(newId(), '2025-01-24T10:00:00Z'), data: { user_id: 'nobody' } };
    await analytics.bus.publish(broken);
    await vi.waitFor(
      async () => {
        const letters = await analytics.bus.deadLetters('analytics');
        expect(letters.map((letter) => letter.id)).toContain(broken.id);
      },
      { timeout: 10_000, interval: 25 },
    );
    expect(
      await analytics.database.query('select 1 from analytics.inbox where event_id = $1', [broken.id]),
    ).toEqual([]);
  });

  it('reports what it ingested and how late, by type', async () => {
    const registered = envelope('identity.user.registered', {
      user_id: newId(),
      email: 'lag@example.com',
      name: 'Lag',
      role: 'customer',
      registered_at: '2025-01-26T10:00:00Z',
    });
    const before = await metricValue(analytics.app, 'analytics_events_ingested_total', {
      type: 'identity.user.registered',
    });
    await publish(registered);
    expect(
      await metricValue(analytics.app, 'analytics_events_ingested_total', {
        type: 'identity.user.registered',
      }),
    ).toBe(before + 1);
    expect(await metricValue(analytics.app, 'analytics_consumer_lag_seconds_count')).toBeGreaterThan(0);
  });
});
