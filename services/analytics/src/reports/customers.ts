import { sql } from 'drizzle-orm';
import type { AnalyticsSeriesQuery, CustomersReport } from '@bodega/contracts';
import type { AnalyticsDeps } from '../deps.js';
import { rfc3339, seriesWindow, startsParam } from './range.js';
import { bucketIndex, num, rowsOf } from './rows.js';

interface BucketRow {
  bucket: number | null;
  kind: 'new' | 'returning';
  n: string | number;
}

/**
 * `GET /analytics/customers`: per bucket, customers who registered in it (new) and customers who
 * placed an order in it having placed one before it started (returning). Distinct counts do not add
 * up across hours, so this reads the orders and registrations themselves (both indexed by time);
 * the totals row (bucket null) counts over the whole range, each customer once.
 */
export async function customersReport(
  deps: AnalyticsDeps,
  query: AnalyticsSeriesQuery,
): Promise<CustomersReport> {
  const window = seriesWindow(query);
  const from = new Date(window.fromMs);
  const to = new Date(window.toMs);
  const starts = sql`${startsParam(window.starts)}::timestamptz[]`;
  const rows = await rowsOf<BucketRow>(
    deps.db,
    sql`with registered as (
          select ${bucketIndex(sql`registered_at`, window.starts)} as bucket
          from analytics.customers where registered_at >= ${from} and registered_at < ${to}
        ), ordering as (
          select ${bucketIndex(sql`placed_at`, window.starts)} as bucket, customer_id
          from analytics.orders where placed_at >= ${from} and placed_at < ${to}
        ), returners as (
          select distinct o.bucket, o.customer_id from ordering o
          where exists (select 1 from analytics.orders p
                        where p.customer_id = o.customer_id and p.placed_at < (${starts})[o.bucket])
        )
        select bucket, 'new' as kind, count(*) as n from registered group by bucket
        union all
        select null, 'new', count(*) from registered
        union all
        select bucket, 'returning', count(*) from returners group by bucket
        union all
        select null, 'returning', count(distinct o.customer_id) from ordering o
        where exists (select 1 from analytics.orders p where p.customer_id = o.customer_id and p.placed_at < ${from})`,
  );
  const counts = new Map(
    rows.map((row) => [`${row.kind}:${row.bucket === null ? 'all' : num(row.bucket)}`, num(row.n)]),
  );
  const count = (kind: BucketRow['kind'], bucket: number | 'all') => counts.get(`${kind}:${bucket}`) ?? 0;
  return {
    interval: window.interval,
    tz: window.tz,
    from: rfc3339(window.fromMs),
    to: rfc3339(window.toMs),
    points: window.starts.map((start, index) => ({
      start: rfc3339(start),
      new_customers: count('new', index + 1),
      returning_customers: count('returning', index + 1),
    })),
    totals: { new_customers: count('new', 'all'), returning_customers: count('returning', 'all') },
  };
}
