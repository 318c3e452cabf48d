import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomersReport, EventEnvelope, Funnel, TopProducts } from '@bodega/contracts';
import { newId } from '@bodega/db';
import { databaseBackends, type TestUser } from '@bodega/testing';
import { report, sendBeacons } from './support/api.js';
import { startAnalytics, type AnalyticsUnderTest } from './support/analytics.js';
import { handled, orderPlaced, productViewed, userRegistered } from './support/events.js';

describe.each(databaseBackends())('reports on $name', (backend) => {
  let analytics: AnalyticsUnderTest;
  let admin: TestUser;
  const publish = async (...events: EventEnvelope[]) => {
    for (const event of events) await analytics.bus.publish(event);
    await handled(analytics.database, ...events);
  };

  beforeAll(async () => {
    analytics = await startAnalytics(backend);
    admin = await analytics.identity.user('admin');
  });
  afterAll(async () => {
    await analytics.close();
  });

  describe('top products', () => {
    // Ids in ascending order, so ties are predictable.
    const [p1, p2, p3, p4] = [newId(), newId(), newId(), newId()];
    const top = (query: Record<string, string | number>) =>
      report<TopProducts>(
        analytics.app,
        '/analytics/top-products',
        { from: '2025-07-01T00:30:00Z', to: '2025-07-01T23:00:00Z', ...query },
        admin.token,
      );
    const ranked = (result: TopProducts) => result.items.map((item) => item.product_id);

    beforeAll(async () => {
      const customer = newId();
      await publish(
        orderPlaced(customer, '2025-07-01T10:00:00Z', [
          { product_id: p1, quantity: 2, unit: 5_000 },
          { product_id: p2, quantity: 10, unit: 100 },
        ]),
        orderPlaced(customer, '2025-07-01T11:00:00Z', [{ product_id: p4, quantity: 1, unit: 10_000 }]),
        // Outside the range: not counted.
        orderPlaced(customer, '2025-07-02T10:00:00Z', [{ product_id: p3, quantity: 50, unit: 10_000 }]),
        productViewed([
          { product_id: p1, viewed_at: '2025-07-01T09:00:00Z' },
          ...[1, 2, 3].map(() => ({ product_id: p2, viewed_at: '2025-07-01T09:30:00Z' })),
          ...[1, 2, 3, 4, 5].map(() => ({ product_id: p3, viewed_at: '2025-07-01T12:00:00Z' })),
        ]),
      );
    });

    it('ranks by revenue by default, ties by product id, leaving out products without any', async () => {
      const result = await top({});
      expect(result).toMatchObject({
        by: 'revenue',
        from: '2025-07-01T00:00:00Z',
        to: '2025-07-01T23:00:00Z',
      });
      expect(ranked(result)).toEqual([p1, p4, p2]);
      expect(result.items[0]).toEqual({
        product_id: p1,
        revenue: { amount: 10_000, currency: 'USD' },
        units: 2,
        views: 1,
      });
    });

    it('ranks by units or views, and returns at most limit', async () => {
      expect(ranked(await top({ by: 'units' }))).toEqual([p2, p1, p4]);
      expect(ranked(await top({ by: 'views' }))).toEqual([p3, p2, p1]);
      expect(ranked(await top({ by: 'views', limit: 1 }))).toEqual([p3]);
    });
  });

  describe('the funnel', () => {
    const base = Date.now() - 5 * 86_400_000;
    const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
    const product = newId();

    beforeAll(async () => {
      const [buyer, late] = await Promise.all([
        analytics.identity.user('customer'),
        analytics.identity.user('customer'),
      ]);
      const steps = {
        view: 'product_view',
        cart: 'add_to_cart',
        checkout: 'begin_checkout',
        page: 'page_view',
      } as const;
      const send = async (session: string, kinds: (keyof typeof steps)[], token?: string) => {
        const events = kinds.map((kind, index) => ({
          type: steps[kind],
          occurred_at: at(index),
          ...(kind === 'view' || kind === 'cart' ? { product_id: product } : {}),
        }));
        const response = await sendBeacons(
          analytics.app,
          { session_id: session, events },
          token ? { authorization: `Bearer ${token}` } : {},
        );
        expect(response.statusCode, response.body).toBe(202);
      };
      await send('funnel-buyer', ['page', 'view', 'cart', 'checkout'], buyer.token);
      await send('funnel-cart', ['view', 'cart']);
      await send('funnel-view', ['view']);
      // Added from a listing without ever viewing the product: not at the cart step.
      await send('funnel-no-view', ['cart']);
      await send('funnel-late', ['view', 'cart', 'checkout'], late.token);
      await send('funnel-server-view', ['cart']);
      await publish(
        // Catalog saw this session read a product page, though its browser sent no product_view.
        productViewed([{ product_id: product, viewed_at: at(0), session_id: 'funnel-server-view' }]),
        orderPlaced(buyer.id, at(10), [{ product_id: product, quantity: 1, unit: 100 }]),
        // Paid two days after checking out: not this session's conversion.
        orderPlaced(late.id, at(2 * 24 * 60), [{ product_id: product, quantity: 1, unit: 100 }]),
      );
    });

    it('counts sessions at each step they reached with every earlier one, and paying customers', async () => {
      const result = await report<Funnel>(
        analytics.app,
        '/analytics/funnel',
        { from: at(-60), to: at(60) },
        admin.token,
      );
      expect(result.steps).toEqual([
        { step: 'view', count: 5, conversion_from_previous: null },
        { step: 'add_to_cart', count: 4, conversion_from_previous: 0.8 },
        { step: 'begin_checkout', count: 2, conversion_from_previous: 0.5 },
        { step: 'paid', count: 1, conversion_from_previous: 0.5 },
      ]);
      expect(result.overall_conversion).toBe(0.2);
    });

    it('counts nothing, with null rates, where no session started', async () => {
      const result = await report<Funnel>(
        analytics.app,
        '/analytics/funnel',
        { from: at(60), to: at(120) },
        admin.token,
      );
      expect(result.steps.map((step) => step.count)).toEqual([0, 0, 0, 0]);
      expect(result.steps.map((step) => step.conversion_from_previous)).toEqual([null, null, null, null]);
      expect(result.overall_conversion).toBeNull();
    });
  });

  describe('new and returning customers', () => {
    const customers = (interval: string) =>
      report<CustomersReport>(
        analytics.app,
        '/analytics/customers',
        { from: '2025-06-02T00:00:00Z', to: '2025-06-06T00:00:00Z', interval },
        admin.token,
      );

    beforeAll(async () => {
      const [c1, c2, c3] = [newId(), newId(), newId()];
      const line = [{ product_id: newId(), quantity: 1, unit: 1_000 }];
      const registered = userRegistered(c1, '2025-06-02T10:00:00Z');
      await publish(
        registered,
        userRegistered(c2, '2025-05-01T10:00:00Z'),
        userRegistered(c3, '2025-06-03T10:00:00Z'),
        userRegistered(newId(), '2025-06-03T11:00:00Z', 'manager'),
        orderPlaced(c1, '2025-06-02T12:00:00Z', line),
        orderPlaced(c1, '2025-06-04T09:00:00Z', line),
        orderPlaced(c1, '2025-06-04T15:00:00Z', line),
        orderPlaced(c2, '2025-05-20T12:00:00Z', line),
        orderPlaced(c2, '2025-06-03T12:00:00Z', line),
      );
      // A redelivered registration counts once.
      await publish(registered);
    });

    it('counts registrations as new, and customers ordering again as returning, each once a bucket', async () => {
      const result = await customers('day');
      expect(result.points).toEqual([
        { start: '2025-06-02T00:00:00Z', new_customers: 1, returning_customers: 0 },
        { start: '2025-06-03T00:00:00Z', new_customers: 1, returning_customers: 1 },
        { start: '2025-06-04T00:00:00Z', new_customers: 0, returning_customers: 1 },
        { start: '2025-06-05T00:00:00Z', new_customers: 0, returning_customers: 0 },
      ]);
      // Over the range: c2 had ordered before it; c1's first order is inside it.
      expect(result.totals).toEqual({ new_customers: 2, returning_customers: 1 });
    });

    it('judges "ordered before" against the start of each bucket', async () => {
      const result = await customers('week');
      expect(result.points).toEqual([
        { start: '2025-06-02T00:00:00Z', new_customers: 2, returning_customers: 1 },
      ]);
    });
  });
});
