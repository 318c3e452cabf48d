import { sql } from 'drizzle-orm';
import type { AnalyticsSeriesQuery, Money, SalesReport } from '@bodega/contracts';
import type { AnalyticsDeps } from '../deps.js';
import { rfc3339, seriesWindow } from './range.js';
import { bucketIndex, num, rowsOf } from './rows.js';

interface SalesRow {
  bucket: number;
  revenue: string | number;
  refunds: string | number;
  orders: string | number;
}

/** The sales figures of a bucket or of the whole range. */
export function salesFigures(currency: string, revenue: number, refunds: number, orders: number) {
  const money = (amount: number): Money => ({ amount, currency });
  return {
    revenue: money(revenue),
    refunds: money(refunds),
    net: money(revenue - refunds),
    orders,
    // Gross revenue per order placed, rounded to the minor unit; 0 without orders.
    average_order_value: money(orders === 0 ? 0 : Math.round(revenue / orders)),
  };
}

/**
 * `GET /analytics/sales`: the hourly sales rollup added up into the range's buckets, in one query
 * (at most 24 x 731 rows, read by primary key); empty buckets are filled with zeros here.
 */
export async function salesReport(deps: AnalyticsDeps, query: AnalyticsSeriesQuery): Promise<SalesReport> {
  const window = seriesWindow(query);
  const rows = await rowsOf<SalesRow>(
    deps.db,
    sql`select ${bucketIndex(sql`hour`, window.starts)} as bucket, sum(revenue)::bigint as revenue,
          sum(refunds)::bigint as refunds, sum(orders)::bigint as orders
        from analytics.sales_hourly
        where hour >= ${new Date(window.fromMs)} and hour < ${new Date(window.toMs)}
        group by 1`,
  );
  const byBucket = new Map(rows.map((row) => [num(row.bucket), row]));
  const totals = { revenue: 0, refunds: 0, orders: 0 };
  const points = window.starts.map((start, index) => {
    const row = byBucket.get(index + 1);
    const revenue = row ? num(row.revenue) : 0;
    const refunds = row ? num(row.refunds) : 0;
    const orders = row ? num(row.orders) : 0;
    totals.revenue += revenue;
    totals.refunds += refunds;
    totals.orders += orders;
    return { start: rfc3339(start), ...salesFigures(deps.currency, revenue, refunds, orders) };
  });
  return {
    currency: deps.currency,
    interval: window.interval,
    tz: window.tz,
    from: rfc3339(window.fromMs),
    to: rfc3339(window.toMs),
    points,
    totals: salesFigures(deps.currency, totals.revenue, totals.refunds, totals.orders),
  };
}
