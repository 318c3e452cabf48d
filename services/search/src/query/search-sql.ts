/**
 * The SQL of a search. Ranking is ts_rank on the weighted vector (name A, description B), so a name
 * match comes before a description match. When exact matches are few, each word may also match as its
 * typo corrections from the dictionary ("expresso" finds "Espresso ...", see corrections.ts).
 * Every piece of user input is a bound parameter; the only raw SQL is from fixed whitelists.
 */
import { sql, type SQL } from 'drizzle-orm';
import { TEXT_SEARCH_CONFIG } from '../db/schema.js';
import { priceBucketSql } from './facets.js';
import { HIT_COLUMNS } from './rows.js';
import type { SearchRequest } from './search-params.js';
import { orderBySql } from './sort.js';
import { tsqueryText } from './words.js';

/** The query's words, each with the corrections it may match as (`[word, ...corrections]`). */
export type Terms = string[][];

/** Fewer exact matches than this, and the query's words are corrected for typos (see corrections.ts). */
export const FUZZY_BELOW = 3;

/** The `matches` CTE body: every active document the query and filters select, with its relevance. */
export function matchesSql(request: SearchRequest, groups: Terms): SQL {
  const conditions: SQL[] = [sql`d.active`];
  let relevance = sql`0::float8`;
  if (request.hasText && request.words.length === 0) conditions.push(sql`false`);
  if (groups.length > 0) {
    const tsquery = sql`to_tsquery(${sql.raw(`'${TEXT_SEARCH_CONFIG}'`)}, ${tsqueryText(groups)}::text)`;
    conditions.push(sql`d.search_vector @@ ${tsquery}`);
    // Ranking reads every match's vector again: only worth it when results are ordered by it.
    if (request.sort === 'relevance') relevance = sql`ts_rank(d.search_vector, ${tsquery})`;
  }
  if (request.category !== null) conditions.push(sql`d.category = ${request.category}`);
  if (request.minPrice !== null) conditions.push(sql`d.price_amount >= ${request.minPrice}`);
  if (request.maxPrice !== null) conditions.push(sql`d.price_amount <= ${request.maxPrice}`);
  if (request.inStock === true) conditions.push(sql`d.stock_qty > 0`);
  if (request.inStock === false) conditions.push(sql`d.stock_qty = 0`);
  return sql`select ${sql.raw(HIT_COLUMNS)}, ${relevance} as relevance
    from search.documents d left join search.popularity p on p.product_id = d.product_id
    where ${sql.join(conditions, sql` and `)}`;
}

/** One page, plus one row more to know whether another page follows. */
export function pageSql(request: SearchRequest, groups: Terms, offset: number): SQL {
  return sql`with matches as (${matchesSql(request, groups)})
    select * from matches order by ${sql.raw(orderBySql(request.sort))}
    limit ${request.limit + 1} offset ${offset}`;
}

/**
 * Facet counts in one pass over the matches: per category, per price bucket, and overall (total and
 * in stock), through grouping sets.
 */
export function facetsSql(request: SearchRequest, groups: Terms): SQL {
  return sql`with matches as (${matchesSql(request, groups)})
    select category, bucket, grouping(category) as no_category, grouping(bucket) as no_bucket,
      count(*)::int as count, (count(*) filter (where stock_qty > 0))::int as in_stock
    from (select category, ${sql.raw(priceBucketSql('price_amount'))} as bucket, stock_qty from matches) m
    group by grouping sets ((category), (bucket), ())`;
}

export interface FacetRow {
  category: string | null;
  bucket: number | null;
  no_category: number;
  no_bucket: number;
  count: number;
  in_stock: number;
}
