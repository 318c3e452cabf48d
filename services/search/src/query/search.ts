/**
 * `GET /search`: full text with typo tolerance, filters, facets, sorts and a signed cursor. Results
 * are cached for a short while under the current cache generation (see generation.ts), so an index
 * change is visible to the very next search.
 */
import { createHash } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { SearchResults } from '@bodega/contracts';
import { documents } from '../db/schema.js';
import type { SearchDeps } from '../deps.js';
import { MAX_OFFSET } from './cursor.js';
import { toFacets } from './facets.js';
import { rowsOf, toHit, type HitRow } from './rows.js';
import { fingerprint, normalizeSearch, type SearchQuery, type SearchRequest } from './search-params.js';
import { correctWords } from './corrections.js';
import { facetsSql, FUZZY_BELOW, pageSql, type FacetRow, type Terms } from './search-sql.js';

export async function searchProducts(deps: SearchDeps, query: SearchQuery): Promise<SearchResults> {
  const request = normalizeSearch(query);
  const print = fingerprint(request);
  const offset = query.cursor === undefined ? 0 : deps.cursors.decode(query.cursor, print);
  const generation = await deps.generation.current();
  const page = createHash('sha256').update(`${print}:${offset}:${request.limit}`).digest('base64url');
  if (deps.resultTtlMs === 0) return runSearch(deps, request, print, offset);
  const load = { ran: false };
  const results = await deps.cache.getOrLoad(`search:${generation}:${page}`, deps.resultTtlMs, () => {
    load.ran = true;
    return runSearch(deps, request, print, offset);
  });
  return load.ran ? results : withLiveStock(deps, results);
}

/**
 * A cached page with each hit's stock as it is now: a stock change within a product's availability
 * leaves cached results valid (indexer/product-updated.ts) but for the hits' stock, read here by
 * primary key (a fraction of a millisecond, against tens for the search itself).
 */
async function withLiveStock(deps: SearchDeps, results: SearchResults): Promise<SearchResults> {
  if (results.items.length === 0) return results;
  const live = await deps.db
    .select({ id: documents.productId, stockQty: documents.stockQty, updatedAt: documents.updatedAt })
    .from(documents)
    .where(
      inArray(
        documents.productId,
        results.items.map((hit) => hit.id),
      ),
    );
  const current = new Map(live.map((row) => [row.id, row]));
  return {
    ...results,
    items: results.items.map((hit) => {
      const row = current.get(hit.id);
      // Gone meanwhile: its deletion moved the generation on; this page was read just before.
      if (!row) return hit;
      return {
        ...hit,
        stock_qty: row.stockQty,
        in_stock: row.stockQty > 0,
        updated_at: row.updatedAt.toISOString(),
      };
    }),
  };
}

async function runSearch(
  deps: SearchDeps,
  request: SearchRequest,
  print: string,
  offset: number,
): Promise<SearchResults> {
  let terms: Terms = request.words.map((word) => [word]);
  // The page and the facets are independent reads: on PostgreSQL they run at once on two pooled
  // connections, so a search costs the slower of the two rather than their sum (PGlite runs them in
  // turn). Each sees its own snapshot; an index change between them can at worst shift a count by one
  // document, the same as a change between two page reads.
  let [facetRows, rows] = await Promise.all([
    rowsOf<FacetRow>(deps.db, facetsSql(request, terms)),
    rowsOf<HitRow>(deps.db, pageSql(request, terms, offset)),
  ]);
  if (request.words.length > 0 && totalOf(facetRows).count < FUZZY_BELOW) {
    // Few exact matches: correct the words for typos (rare, so the simple sequential path).
    ({ rows, facetRows } = await deps.db.transaction(async (tx) => {
      const corrected = await correctWords(tx, request.words);
      // Only when some word has a correction is there anything new to match.
      if (!corrected.some((group) => group.length > 1)) return { rows, facetRows };
      terms = corrected;
      return {
        facetRows: await rowsOf<FacetRow>(tx, facetsSql(request, terms)),
        rows: await rowsOf<HitRow>(tx, pageSql(request, terms, offset)),
      };
    }));
  }
  const now = deps.now();
  const next = offset + request.limit;
  const hasMore = rows.length > request.limit && next <= MAX_OFFSET;
  const overall = totalOf(facetRows);
  const categories = facetRows
    .filter((row) => row.no_category === 0 && row.category !== null)
    .map((row) => ({ value: row.category ?? '', count: row.count }));
  const buckets = facetRows
    .filter((row) => row.no_bucket === 0 && row.bucket !== null)
    .map((row) => ({ bucket: row.bucket ?? 0, count: row.count }));
  return {
    items: rows.slice(0, request.limit).map((row) => toHit(row, now)),
    next_cursor: hasMore ? deps.cursors.encode(next, print) : null,
    facets: toFacets(categories, buckets, overall.in_stock),
    total: overall.count,
  };
}

/** The grand-total row of the facet grouping sets (count and in stock over every match). */
function totalOf(rows: FacetRow[]): { count: number; in_stock: number } {
  return rows.find((row) => row.no_category === 1 && row.no_bucket === 1) ?? { count: 0, in_stock: 0 };
}
