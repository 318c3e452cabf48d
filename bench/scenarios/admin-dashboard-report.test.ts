import { describe, expect, it } from 'vitest';
import type { LoadRun } from '../lib/load.js';
import { describeAdminDashboard } from './admin-dashboard-report.js';

const run = (p50Ms: number, non2xx = 0): LoadRun => ({
  connections: 1,
  seconds: 2,
  requests: 100,
  rps: 50,
  meanMs: p50Ms,
  p50Ms,
  p99Ms: p50Ms * 2,
  errors: 0,
  non2xx,
  statusCodes: non2xx ? { '500': non2xx } : {},
});

describe('the admin-dashboard report', () => {
  const figures = {
    products: 2000,
    orders: 100_000,
    seedSeconds: 42,
    consumedSeconds: 90,
    firstMs: [1500, 1200, 1800],
    repeatMs: [400, 300, 500],
    api: [
      { call: 'GET /api/v1/analytics/sales?interval=week', run: run(12.5) },
      { call: 'GET /api/v1/analytics/funnel', run: run(4, 3) },
    ],
    chromium: 'Chromium 140',
  };

  it('gives the load times, each call with its errors, and a verdict against the target', () => {
    const text = describeAdminDashboard(figures);
    expect(text).toContain('100,000 orders');
    expect(text).toMatch(/first visit \(fresh profile, signed in\) \| 3 \| 1,500 ms \| 1,200 ms \| 1,800 ms/);
    expect(text).toMatch(/`GET \/api\/v1\/analytics\/funnel` \| 100 \| 50\.0 \| 4\.00 ms \| 8\.00 ms \| 3/);
    expect(text).toContain('first-visit median 1,500 ms');
  });

  it('fails the verdict when the charts take longer than the target', () => {
    const slow = describeAdminDashboard({ ...figures, firstMs: [2500, 3000, 2600] });
    const fast = describeAdminDashboard(figures);
    expect(slow).not.toBe(fast);
    expect(slow.split('\n').at(-1)).not.toBe(fast.split('\n').at(-1));
  });
});
