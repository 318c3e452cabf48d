/** The queries behind recommendations. Only active, in-stock products are ever recommended. */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@bodega/db';
import { HIT_COLUMNS, HIT_COLUMNS_WITHOUT_POPULARITY, rowsOf, type HitRow } from '../query/rows.js';

const idList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

function excluding(exclude: readonly string[]): SQL {
  return exclude.length === 0 ? sql`true` : sql`d.product_id not in (${idList(exclude)})`;
}

/** How much a co-occurrence counts: buying together says more than viewing together. */
const BOUGHT_WEIGHT = 3;

/**
 * Products that co-occur (`kinds`) with any of `seeds`, strongest first (summed counts, bought ones
 * weighted {@link BOUGHT_WEIGHT}x), then most popular.
 */
export async function neighbours(
  db: Executor,
  seeds: readonly string[],
  kinds: readonly ('viewed' | 'bought')[],
  exclude: readonly string[],
  limit: number,
): Promise<HitRow[]> {
  if (seeds.length === 0 || limit <= 0) return [];
  const kindList = sql.join(
    kinds.map((kind) => sql`${kind}`),
    sql`, `,
  );
  return rowsOf<HitRow>(
    db,
    sql`select ${sql.raw(HIT_COLUMNS)},
        sum(case when c.kind = 'bought' then ${BOUGHT_WEIGHT} * c.count else c.count end) as strength
      from search.co_occurrences c
      join search.documents d on d.product_id = c.product_b
      left join search.popularity p on p.product_id = d.product_id
      where c.product_a in (${idList(seeds)}) and c.kind in (${kindList})
        and d.active and d.stock_qty > 0 and ${excluding(exclude)}
      group by d.product_id, p.score_log
      order by strength desc, p.score_log desc nulls last, d.product_id
      limit ${limit}`,
  );
}

/**
 * The most popular products (newest first among equals), of one category or all, then the newest of
 * those nobody has viewed or bought yet. Two reads, each walking an index in its order and stopping at
 * `limit` (db/schema.ts): ordering every document by popularity for a handful read all of them.
 * The columns are never null; `nulls last` is said because the indexes are ordered so (a `desc` alone
 * means nulls first, and PostgreSQL would not read them in order).
 */
export async function popular(
  db: Executor,
  category: string | null,
  exclude: readonly string[],
  limit: number,
): Promise<HitRow[]> {
  if (limit <= 0) return [];
  const inCategory = category === null ? sql`true` : sql`d.category = ${category}`;
  const known = await rowsOf<HitRow>(
    db,
    sql`select ${sql.raw(HIT_COLUMNS)}
      from search.popularity p join search.documents d on d.product_id = p.product_id
      where d.active and d.stock_qty > 0 and ${inCategory} and ${excluding(exclude)}
      order by p.score_log desc nulls last, d.created_at desc nulls last, d.product_id
      limit ${limit}`,
  );
  if (known.length === limit) return known;
  const newest = await rowsOf<HitRow>(
    db,
    sql`select ${sql.raw(HIT_COLUMNS_WITHOUT_POPULARITY)}
      from search.documents d
      where d.active and d.stock_qty > 0 and ${inCategory} and ${excluding(exclude)}
        and not exists (select 1 from search.popularity p where p.product_id = d.product_id)
      order by d.created_at desc nulls last, d.product_id
      limit ${limit - known.length}`,
  );
  return [...known, ...newest];
}

/** The category of an active product, or undefined when search does not know it. */
export async function categoryOf(db: Executor, productId: string): Promise<string | undefined> {
  const [row] = await rowsOf<{ category: string }>(
    db,
    sql`select category from search.documents where product_id = ${productId} and active`,
  );
  return row?.category;
}

/** What a customer recently viewed and bought (the seeds of personal recommendations). */
export async function historyOf(db: Executor, customerId: string): Promise<string[]> {
  const rows = await rowsOf<{ product_id: string }>(
    db,
    sql`select distinct product_id from search.viewer_history where viewer = ${`c:${customerId}`}`,
  );
  return rows.map((row) => row.product_id);
}
