import { sql } from 'drizzle-orm';
import type { TopProducts, TopProductsQuery } from '@bodega/contracts';
import type { AnalyticsDeps } from '../deps.js';
import { hourRange, rfc3339 } from './range.js';
import { num, rowsOf } from './rows.js';

interface ProductRow {
  product_id: string;
  revenue: string | number;
  units: string | number;
  views: string | number;
}

const ORDER_BY = {
  revenue: sql`sum(revenue)`,
  units: sql`sum(units)`,
  views: sql`sum(views)`,
} as const;

/**
 * `GET /analytics/top-products`: products ranked by revenue, units or views over whole UTC hours (the
 * rollup's grain), best first, ties by product id; a product with nothing of the chosen figure is
 * not ranked.
 */
export async function topProducts(deps: AnalyticsDeps, query: TopProductsQuery): Promise<TopProducts> {
  const { fromMs, toMs } = hourRange(query);
  const figure = ORDER_BY[query.by];
  const rows = await rowsOf<ProductRow>(
    deps.db,
    sql`select product_id, sum(revenue)::bigint as revenue, sum(units)::bigint as units,
          sum(views)::bigint as views
        from analytics.product_hourly
        where hour >= ${new Date(fromMs)} and hour < ${new Date(toMs)}
        group by product_id
        having ${figure} > 0
        order by ${figure} desc, product_id
        limit ${query.limit}`,
  );
  return {
    by: query.by,
    from: rfc3339(fromMs),
    to: rfc3339(toMs),
    items: rows.map((row) => ({
      product_id: row.product_id,
      revenue: { amount: num(row.revenue), currency: deps.currency },
      units: num(row.units),
      views: num(row.views),
    })),
  };
}
