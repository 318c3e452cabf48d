import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesReport } from '@bodega/contracts';
import { newId } from '@bodega/db';
import { databaseBackends, type TestUser } from '@bodega/testing';
import { report } from './support/api.js';
import { startAnalytics, type AnalyticsUnderTest } from './support/analytics.js';
import { handled, orderPlaced } from './support/events.js';

describe.each(databaseBackends())('sales by interval on $name', (backend) => {
  let analytics: AnalyticsUnderTest;
  let manager: TestUser;
  const sales = (query: Record<string, string>) =>
    report<SalesReport>(analytics.app, '/analytics/sales', query, manager.token);
  const revenueByStart = (result: SalesReport) =>
    result.points.map((point) => [point.start, point.revenue.amount] as const);

  beforeAll(async () => {
    analytics = await startAnalytics(backend);
    manager = await analytics.identity.user('manager');
    // Around New York's spring-forward change (Sunday 2026-03-08, 02:00 EST -> 03:00 EDT).
    const orders = [
      orderPlaced(newId(), '2026-03-07T04:30:00Z', [{ product_id: newId(), quantity: 1, unit: 1_000 }]), // Fri 23:30 EST
      orderPlaced(newId(), '2026-03-07T05:30:00Z', [{ product_id: newId(), quantity: 1, unit: 2_000 }]), // Sat 00:30 EST
      orderPlaced(newId(), '2026-03-09T03:30:00Z', [{ product_id: newId(), quantity: 2, unit: 2_000 }]), // Sun 23:30 EDT
      orderPlaced(newId(), '2026-03-09T04:30:00Z', [{ product_id: newId(), quantity: 1, unit: 8_000 }]), // Mon 00:30 EDT
    ];
    for (const order of orders) await analytics.bus.publish(order);
    await handled(analytics.database, ...orders);
  });
  afterAll(async () => {
    await analytics.close();
  });

  it('cuts New York days at local midnight, the spring-forward day 23 hours long', async () => {
    const result = await sales({
      from: '2026-03-06T05:00:00Z',
      to: '2026-03-10T04:00:00Z',
      interval: 'day',
      tz: 'America/New_York',
    });
    expect(result).toMatchObject({ currency: 'USD', interval: 'day', tz: 'America/New_York' });
    expect(revenueByStart(result)).toEqual([
      ['2026-03-06T05:00:00Z', 1_000],
      ['2026-03-07T05:00:00Z', 2_000],
      ['2026-03-08T05:00:00Z', 4_000],
      ['2026-03-09T04:00:00Z', 8_000],
    ]);
    expect(result.totals).toMatchObject({
      revenue: { amount: 15_000 },
      orders: 4,
      average_order_value: { amount: 3_750 },
    });
  });

  it('puts the same orders on other days in UTC, with empty days as zeros', async () => {
    const result = await sales({ from: '2026-03-06T05:00:00Z', to: '2026-03-10T04:00:00Z', interval: 'day' });
    expect(result.tz).toBe('UTC');
    // The range is widened to whole days.
    expect([result.from, result.to]).toEqual(['2026-03-06T00:00:00Z', '2026-03-11T00:00:00Z']);
    expect(revenueByStart(result)).toEqual([
      ['2026-03-06T00:00:00Z', 0],
      ['2026-03-07T00:00:00Z', 3_000],
      ['2026-03-08T00:00:00Z', 0],
      ['2026-03-09T00:00:00Z', 12_000],
      ['2026-03-10T00:00:00Z', 0],
    ]);
    expect(result.points[0]).toEqual({
      start: '2026-03-06T00:00:00Z',
      revenue: { amount: 0, currency: 'USD' },
      refunds: { amount: 0, currency: 'USD' },
      net: { amount: 0, currency: 'USD' },
      orders: 0,
      average_order_value: { amount: 0, currency: 'USD' },
    });
  });

  it('starts weeks on Monday at local midnight across the change', async () => {
    const result = await sales({
      from: '2026-03-04T12:00:00Z',
      to: '2026-03-12T12:00:00Z',
      interval: 'week',
      tz: 'america/new_york',
    });
    expect(result.tz).toBe('America/New_York');
    expect(revenueByStart(result)).toEqual([
      ['2026-03-02T05:00:00Z', 7_000],
      ['2026-03-09T04:00:00Z', 8_000],
    ]);
  });

  it('answers hourly buckets, and rounds the average order value to the minor unit', async () => {
    const result = await sales({
      from: '2026-03-07T04:00:00Z',
      to: '2026-03-07T07:00:00Z',
      interval: 'hour',
    });
    expect(revenueByStart(result)).toEqual([
      ['2026-03-07T04:00:00Z', 1_000],
      ['2026-03-07T05:00:00Z', 2_000],
      ['2026-03-07T06:00:00Z', 0],
    ]);
    const three = await sales({ from: '2026-03-07T00:00:00Z', to: '2026-03-09T04:00:00Z', interval: 'hour' });
    // 7,000 over 3 orders.
    expect(three.totals.average_order_value.amount).toBe(2_333);
  });
});
