/**
 * The SQL of a search. Ranking is ts_rank on the weighted vector (name A, description B), so a name
 * match comes before a description match. When exact matches are few, each word may also match as its
 * typo corrections from the dictionary ("expresso" finds "Espresso ...", see corrections.ts).
 * Every piece of user input is a bound parameter; the only raw SQL is from fixed whitelists.
 */
import { sql, type SQL } from 'drizzle-orm';
import { TEXT_SEARCH_CONFIG } from '../db/schema.js';
import { priceBucketSql } from './facets.js';
import type { SearchRequest } from './search-params.js';
import { orderBySql } from './sort.js';
import { tsqueryText } from './words.js';

/** The query's words, each with the corrections it may match as (`[word, ...corrections]`). */
export type Terms = string[][];

/** Fewer exact matches than this, and the query's words are corrected for typos (see corrections.ts). */
export const FUZZY_BELOW = 3;

/**
 * The `matches` CTE body: every active document the query and filters select, with its relevance and
 * what the orders and facets read. It reads `document_keys`, the narrow half of each document (see
 * db/schema.ts): a brand's name, found in one product in seven, then visits 4,300 pages, not 7,700.
 */
export function matchesSql(request: SearchRequest, groups: Terms): SQL {
  const conditions: SQL[] = [sql`k.active`];
  let relevance = sql`0::float8`;
  let source = sql`search.document_keys`;
  if (request.hasText && request.words.length === 0) conditions.push(sql`false`);
  if (groups.length > 0) {
    const tsquery = sql`to_tsquery(${sql.raw(`'${TEXT_SEARCH_CONFIG}'`)}, ${tsqueryText(groups)}::text)`;
    // The words' matches come from the text index alone, filtered afterwards (OFFSET 0 keeps the
    // planner from merging the filters in). Without statistics (no ANALYZE yet, as on a server
    // without autovacuum) it otherwise ANDs the GIN bitmap with the price index's 90,000 rows.
    source = sql`(select * from search.document_keys where search_vector @@ ${tsquery} offset 0)`;
    // Ranking reads every match's vector again: only worth it when results are ordered by it.
    if (request.sort === 'relevance') relevance = sql`ts_rank(k.search_vector, ${tsquery})`;
  }
  if (request.category !== null) conditions.push(sql`k.category = ${request.category}`);
  if (request.minPrice !== null) conditions.push(sql`k.price_amount >= ${request.minPrice}`);
  if (request.maxPrice !== null) conditions.push(sql`k.price_amount <= ${request.maxPrice}`);
  if (request.inStock === true) conditions.push(sql`k.stock_qty > 0`);
  if (request.inStock === false) conditions.push(sql`k.stock_qty = 0`);
  return sql`select k.product_id, k.category, k.price_amount, k.stock_qty, k.rating_average,
      k.rating_count, k.created_at, p.score_log, ${relevance} as relevance
    from ${source} k left join search.popularity p on p.product_id = k.product_id
    where ${sql.join(conditions, sql` and `)}`;
}

/**
 * One page, plus one row more to know whether another page follows. Only the page's rows are joined
 * to their documents for what a hit shows (names, descriptions, images); the outer ORDER BY names the
 * page's output columns, so it repeats the page's order over those few rows.
 */
export function pageSql(request: SearchRequest, groups: Terms, offset: number): SQL {
  const order = sql.raw(orderBySql(request.sort));
  // With words, the matches come from the text index and are sorted afterwards: walking a sort's
  // B-tree instead and testing each row against the words looks cheap to the planner, but when few or
  // none of them match (a typo) it reads the whole catalog, 80 ms and more on 100,000 products.
  const materialized = sql.raw(groups.length > 0 ? 'materialized ' : '');
  return sql`with matches as ${materialized}(${matchesSql(request, groups)}),
    page as (select * from matches order by ${order} limit ${request.limit + 1} offset ${offset})
    select page.*, d.slug, d.name, d.description, d.sku, d.currency, d.images, d.updated_at
    from page join search.documents d using (product_id)
    order by ${order}`;
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
