import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Funnel, SalesReport, TopProducts } from '@bodega/contracts';
import { databaseBackends, type TestUser } from '@bodega/testing';
import { seedAnalytics, type SeedResult } from '../src/index.js';
import { report } from './support/api.js';
import { startAnalytics, type AnalyticsUnderTest } from './support/analytics.js';

const from = new Date('2025-09-01T00:00:00Z');
const to = new Date('2025-09-08T00:00:00Z');

describe.each(databaseBackends())('synthetic history on $name', (backend) => {
  let analytics: AnalyticsUnderTest;
  let manager: TestUser;
  let seeded: SeedResult;
  const count = async (sql: string) =>
    (await analytics.database.query<{ n: number }>(sql))[0]?.n ?? Number.NaN;

  beforeAll(async () => {
    analytics = await startAnalytics(backend);
    manager = await analytics.identity.user('manager');
    seeded = await seedAnalytics(analytics.database.db, { events: 4_000, from, to, products: 50 });
  });
  afterAll(async () => {
    await analytics.close();
  });

  it('writes the events asked for, in sessions of 8, and the orders their checkouts led to', async () => {
    expect(seeded.events).toBe(4_000);
    expect(seeded.sessions).toBe(500);
    expect(seeded.orders).toBeGreaterThan(0);
    expect(await count('select count(*)::int as n from analytics.tracked_events')).toBe(4_000);
    expect(await count('select count(*)::int as n from analytics.sessions')).toBe(500);
    expect(await count('select count(*)::int as n from analytics.orders')).toBe(seeded.orders);
    expect(
      await count(
        `select count(*)::int as n from analytics.tracked_events where occurred_at < '${from.toISOString()}' or occurred_at >= '${to.toISOString()}'`,
      ),
    ).toBe(0);
    // UUIDv7 ids, in the events' own time order.
    const [id] = await analytics.database.query<{ id: string }>(
      'select id::text as id from analytics.tracked_events limit 1',
    );
    expect(id?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('writes rollups the reports agree with, as the consumer would have', async () => {
    const range = { from: from.toISOString(), to: to.toISOString() };
    const sales = await report<SalesReport>(analytics.app, '/analytics/sales', range, manager.token);
    expect(sales.totals.orders).toBe(seeded.orders);
    expect(sales.totals.revenue.amount).toBe(
      await count('select sum(total)::int as n from analytics.orders'),
    );
    const top = await report<TopProducts>(
      analytics.app,
      '/analytics/top-products',
      { ...range, by: 'views', limit: 100 },
      manager.token,
    );
    expect(top.items.reduce((sum, item) => sum + item.views, 0)).toBe(
      await count(`select count(*)::int as n from analytics.tracked_events where type = 'product_view'`),
    );
    const funnel = await report<Funnel>(analytics.app, '/analytics/funnel', range, manager.token);
    const [view, cart, checkout, paid] = funnel.steps.map((step) => step.count);
    expect(view).toBe(
      await count('select count(*)::int as n from analytics.sessions where viewed_at is not null'),
    );
    expect(view!).toBeGreaterThanOrEqual(cart!);
    expect(cart!).toBeGreaterThanOrEqual(checkout!);
    expect(paid!).toBeGreaterThan(0);
  });

  it('adds to what is there on a second run, and refuses impossible requests', async () => {
    const again = await seedAnalytics(analytics.database.db, { events: 80, from, to, seed: -0.5 });
    expect(again.sessions).toBe(10);
    expect(await count('select count(*)::int as n from analytics.tracked_events')).toBe(4_080);
    await expect(seedAnalytics(analytics.database.db, { events: 0, from, to })).rejects.toThrow(RangeError);
    await expect(seedAnalytics(analytics.database.db, { events: 10, from, to: from })).rejects.toThrow(
      RangeError,
    );
    await expect(seedAnalytics(analytics.database.db, { events: 10, from, to, products: 0 })).rejects.toThrow(
      RangeError,
    );
    await expect(seedAnalytics(analytics.database.db, { events: 10, from, to, seed: 2 })).rejects.toThrow(
      RangeError,
    );
  });
});
