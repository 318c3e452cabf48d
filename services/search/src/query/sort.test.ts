import { describe, expect, it } from 'vitest';
import { effectiveSort, orderBySql, SORTS } from './sort.js';

describe('search sorts', () => {
  it('defaults to relevance with words and to popularity without', () => {
    expect(effectiveSort(undefined, true)).toBe('relevance');
    expect(effectiveSort(undefined, false)).toBe('popularity');
    expect(effectiveSort('relevance', false)).toBe('popularity');
    expect(effectiveSort('price_asc', true)).toBe('price_asc');
  });

  it('ends every order with the product id, so the order is total', () => {
    for (const sort of SORTS) expect(orderBySql(sort)).toMatch(/product_id$/);
  });
});
