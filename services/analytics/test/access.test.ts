import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends, type TestUser } from '@bodega/testing';
import { expectError, get } from './support/api.js';
import { startAnalytics, type AnalyticsUnderTest } from './support/analytics.js';

const ROUTES = ['/analytics/sales', '/analytics/top-products', '/analytics/funnel', '/analytics/customers'];
const RANGE = { from: '2026-01-01T00:00:00Z', to: '2026-01-08T00:00:00Z' };

describe.each(databaseBackends())('who may read reports, and which ranges, on $name', (backend) => {
  let analytics: AnalyticsUnderTest;
  let manager: TestUser;

  beforeAll(async () => {
    analytics = await startAnalytics(backend);
    manager = await analytics.identity.user('manager');
  });
  afterAll(async () => {
    await analytics.close();
  });

  it('lets managers and admins read every report, and refuses anonymous callers and customers', async () => {
    const [admin, customer] = await Promise.all([
      analytics.identity.user('admin'),
      analytics.identity.user('customer'),
    ]);
    for (const route of ROUTES) {
      expect((await get(analytics.app, route, RANGE, manager.token)).statusCode).toBe(200);
      expect((await get(analytics.app, route, RANGE, admin.token)).statusCode).toBe(200);
      expectError(await get(analytics.app, route, RANGE), 401, 'AUTHENTICATION_REQUIRED');
      expectError(await get(analytics.app, route, RANGE, customer.token), 403, 'FORBIDDEN');
      // Refused before the query is looked at: a stranger learns nothing of what it should be.
      expectError(await get(analytics.app, route, { from: 'garbage' }, customer.token), 403, 'FORBIDDEN');
    }
  });

  it('refuses an inverted or empty range with 400', async () => {
    for (const route of ROUTES) {
      const inverted = expectError(
        await get(analytics.app, route, { from: RANGE.to, to: RANGE.from }, manager.token),
        400,
        'VALIDATION_ERROR',
      );
      expect(inverted.details).toEqual({
        location: 'querystring',
        issues: [{ field: 'to', message: 'must be after from' }],
      });
      expectError(
        await get(analytics.app, route, { from: RANGE.from, to: RANGE.from }, manager.token),
        400,
        'VALIDATION_ERROR',
      );
    }
  });

  it('refuses hourly buckets over more than 31 days, and any range over 2 years, with 422 RANGE_TOO_LARGE', async () => {
    for (const route of ['/analytics/sales', '/analytics/customers']) {
      const hourly = { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:01Z', interval: 'hour' };
      expect(
        expectError(await get(analytics.app, route, hourly, manager.token), 422, 'RANGE_TOO_LARGE').details,
      ).toEqual({
        max_days: 31,
      });
      const month = { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', interval: 'hour' };
      const answer = await get(analytics.app, route, month, manager.token);
      expect(answer.statusCode).toBe(200);
      expect(answer.json().points).toHaveLength(744);
    }
    const years = { from: '2023-01-01T00:00:00Z', to: '2025-01-02T00:00:01Z' };
    for (const route of ROUTES) {
      expect(
        expectError(await get(analytics.app, route, years, manager.token), 422, 'RANGE_TOO_LARGE').details,
      ).toEqual({
        max_days: 731,
      });
    }
    const twoYears = await get(
      analytics.app,
      '/analytics/sales',
      { from: '2023-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z', interval: 'week' },
      manager.token,
    );
    expect(twoYears.statusCode).toBe(200);
  });

  it('refuses unknown time zones, intervals, orderings, limits and malformed times with 400', async () => {
    const bad: [string, Record<string, string | number>][] = [
      ['/analytics/sales', { ...RANGE, tz: 'Mars/Olympus_Mons' }],
      ['/analytics/sales', { ...RANGE, tz: 'x'.repeat(65) }],
      ['/analytics/sales', { ...RANGE, interval: 'month' }],
      ['/analytics/sales', { from: '2026-01-01', to: RANGE.to }],
      ['/analytics/sales', { to: RANGE.to }],
      ['/analytics/sales', { ...RANGE, currency: 'EUR' }],
      ['/analytics/customers', { ...RANGE, tz: '' }],
      ['/analytics/top-products', { ...RANGE, by: 'profit' }],
      ['/analytics/top-products', { ...RANGE, limit: 0 }],
      ['/analytics/top-products', { ...RANGE, limit: 101 }],
      ['/analytics/funnel', { ...RANGE, interval: 'day' }],
    ];
    for (const [route, query] of bad)
      expectError(await get(analytics.app, route, query, manager.token), 400, 'VALIDATION_ERROR');
    const zone = expectError(
      await get(analytics.app, '/analytics/sales', { ...RANGE, tz: 'Mars/Olympus_Mons' }, manager.token),
      400,
      'VALIDATION_ERROR',
    );
    expect(zone.details).toMatchObject({ issues: [{ field: 'tz' }] });
  });

  it('answers health, readiness and metrics', async () => {
    expect((await analytics.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const ready = await analytics.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toMatchObject({
      status: 'ready',
      checks: { database: 'ok', cache: 'ok', bus: 'ok' },
    });
    const metrics = await analytics.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('analytics_consumer_lag_seconds');
  });
});
