import { describe, expect, it } from 'vitest';
import { PRICE_BUCKETS, priceBucketOf, priceBucketSql, toFacets } from './facets.js';

describe('price buckets', () => {
  it('puts a price in the bucket whose lower bound is inclusive and upper bound exclusive', () => {
    expect(priceBucketOf(0)).toBe(0);
    expect(priceBucketOf(999)).toBe(0);
    expect(priceBucketOf(1_000)).toBe(1);
    expect(priceBucketOf(24_999)).toBe(4);
    expect(priceBucketOf(25_000)).toBe(5);
    expect(priceBucketOf(10_000_000)).toBe(5);
  });

  it('has a SQL twin with the same bounds', () => {
    expect(priceBucketSql('p')).toBe(
      'case when p < 1000 then 0 when p < 2500 then 1 when p < 5000 then 2 when p < 10000 then 3 when p < 25000 then 4 else 5 end',
    );
  });

  it('lists every bucket, zeros included, and categories by count then name', () => {
    const facets = toFacets(
      [
        { value: 'mugs', count: 2 },
        { value: 'cups', count: 2 },
        { value: 'tea', count: 5 },
      ],
      [{ bucket: 1, count: 3 }],
      4,
    );
    expect(facets.category.map((c) => c.value)).toEqual(['tea', 'cups', 'mugs']);
    expect(facets.price).toHaveLength(PRICE_BUCKETS.length);
    expect(facets.price[1]).toEqual({ min: 1_000, max: 2_500, count: 3 });
    expect(facets.price[5]).toEqual({ min: 25_000, max: null, count: 0 });
    expect(facets.in_stock).toBe(4);
  });
});
