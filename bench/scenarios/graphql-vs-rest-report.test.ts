import { describe, expect, it } from 'vitest';
import type { ClosedLoopRun } from '../lib/closed-loop.js';
import { describeAnalytics } from './analytics-report.js';
import { describeGraphqlVsRest, type PageRun } from './graphql-vs-rest-report.js';
import { productPageRest, productPageQuery } from './graphql-vs-rest.js';

const pages = (pagesPerSecond: number, requestsPerPage: number, p95Ms: number): PageRun => ({
  shoppers: 50,
  seconds: 10,
  pages: pagesPerSecond * 10,
  pagesPerSecond,
  requestsPerSecond: pagesPerSecond * requestsPerPage,
  p50Ms: p95Ms / 2,
  p95Ms,
  p99Ms: p95Ms * 1.5,
  failed: 0,
});

const loop = (okPerSecond: number, p95Ms: number): ClosedLoopRun => ({
  workers: 10,
  seconds: 10,
  requests: okPerSecond * 10,
  ok: okPerSecond * 10,
  rps: okPerSecond,
  okPerSecond,
  p50Ms: p95Ms / 2,
  p95Ms,
  p99Ms: p95Ms * 2,
  maxMs: p95Ms * 3,
  errors: 0,
  refusals: {},
});

describe('the GraphQL and analytics reports', () => {
  it('put the product page over REST and GraphQL side by side, with the ratio', () => {
    const text = describeGraphqlVsRest({
      rest: pages(100, 3, 80),
      graphql: pages(150, 1, 60),
      products: 200,
    });
    expect(text).toContain(
      '| REST: product, reviews, recommendations (3 calls at once) | 100 | 300 | 40.0 ms | 80.0 ms |',
    );
    expect(text).toContain(
      'GraphQL serves 1.50x the pages of REST per second; its page p95 is 60.0 ms against 80.0 ms',
    );
  });

  it('load the same page both ways: one query, or the three REST calls it replaces', () => {
    expect(productPageRest('p1').map((request) => request.path)).toEqual([
      '/api/v1/products/p1',
      '/api/v1/products/p1/reviews?limit=5',
      '/api/v1/recommendations?product_id=p1&limit=4',
    ]);
    expect(productPageQuery).toMatch(/reviews\(limit: 5\)[\s\S]*recommendations\(limit: 4\)/);
  });

  it('judge the sales query against its 100 ms p95 target and report beacons in events per second', () => {
    const figures = {
      seeded: { events: 1_000_000, sessions: 125_000, orders: 9_000, seconds: 30, days: 30 },
      byDay: loop(200, 42),
      byHour: loop(100, 140),
      viaGraphql: loop(180, 50),
      beacons: loop(500, 90),
      eventsPerBeacon: 10,
    };
    const met = describeAnalytics(figures);
    expect(met).toContain('| sales query over 1,000,000 tracked events: p95 < 100 ms | 42.0 ms | **pass** |');
    expect(met).toContain('| POST /api/v1/events, 10 events a batch | 500 | 5,000 |');
    expect(describeAnalytics({ ...figures, byDay: loop(50, 150) })).toContain('| 150 ms | **miss** |');
  });
});
