/** The orders a search can ask for, and the SQL each one is (a whitelist: no user text in ORDER BY). */

export const SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'popularity', 'rating'] as const;
export type Sort = (typeof SORTS)[number];

/**
 * The sort a search runs with: relevance by default with words to rank by, popularity without (browse);
 * relevance asked for without words means popularity, as there is nothing to be relevant to.
 */
export function effectiveSort(requested: Sort | undefined, hasWords: boolean): Sort {
  if (requested === undefined || requested === 'relevance') return hasWords ? 'relevance' : 'popularity';
  return requested;
}

/**
 * ORDER BY over the `matches` columns. Every order ends with the product id, so it is total and pages
 * never overlap or skip.
 */
export function orderBySql(sort: Sort): string {
  switch (sort) {
    case 'relevance':
      return 'relevance desc, score_log desc nulls last, product_id';
    case 'price_asc':
      return 'price_amount asc, product_id';
    case 'price_desc':
      return 'price_amount desc, product_id';
    case 'newest':
      return 'created_at desc, product_id';
    case 'popularity':
      return 'score_log desc nulls last, created_at desc, product_id';
    case 'rating':
      return 'rating_average desc, rating_count desc, product_id';
  }
}
