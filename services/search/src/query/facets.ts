/**
 * Facets: counts over every match of the query and filters, not only the page returned. Price buckets
 * are fixed, in minor units, so a client can render them without a round trip and cache keys stay few.
 */
import type { SearchFacets } from '@bodega/contracts';

/** `[min, max)` in minor units; the last bucket is open (`max: null`). */
export const PRICE_BUCKETS: readonly { min: number; max: number | null }[] = [
  { min: 0, max: 1_000 },
  { min: 1_000, max: 2_500 },
  { min: 2_500, max: 5_000 },
  { min: 5_000, max: 10_000 },
  { min: 10_000, max: 25_000 },
  { min: 25_000, max: null },
];

/** The bucket index of a price: what the facet query groups by. */
export function priceBucketOf(amount: number): number {
  const index = PRICE_BUCKETS.findIndex((bucket) => bucket.max === null || amount < bucket.max);
  return Math.max(0, index);
}

/** The SQL `CASE` expression computing {@link priceBucketOf} on `column` (numbers only, no user input). */
export function priceBucketSql(column: string): string {
  const arms = PRICE_BUCKETS.slice(0, -1).map(
    (bucket, index) => `when ${column} < ${bucket.max} then ${index}`,
  );
  return `case ${arms.join(' ')} else ${PRICE_BUCKETS.length - 1} end`;
}

/** Facets from the grouped counts: every bucket listed (zeros included), categories by count then name. */
export function toFacets(
  categories: { value: string; count: number }[],
  bucketCounts: { bucket: number; count: number }[],
  inStock: number,
): SearchFacets {
  const byBucket = new Map(bucketCounts.map((row) => [row.bucket, row.count]));
  return {
    category: [...categories].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
    price: PRICE_BUCKETS.map((bucket, index) => ({ ...bucket, count: byBucket.get(index) ?? 0 })),
    in_stock: inStock,
  };
}
