import { describe, expect, it } from 'vitest';
import { parseProductRef, ratingOf, slugify } from './product.js';

describe('product rules', () => {
  it('rates with the mean of visible reviews to one decimal, 0 without reviews', () => {
    expect(ratingOf(0, 0)).toEqual({ average: 0, count: 0 });
    expect(ratingOf(14, 3)).toEqual({ average: 4.7, count: 3 });
    expect(ratingOf(5, 1)).toEqual({ average: 5, count: 1 });
    expect(ratingOf(9, 2)).toEqual({ average: 4.5, count: 2 });
  });

  it('derives URL-safe slugs from names, accents and punctuation dropped', () => {
    expect(slugify('Espresso Cup (Blue)')).toBe('espresso-cup-blue');
    expect(slugify('  Crème Brûlée Torch!  ')).toBe('creme-brulee-torch');
    expect(slugify('!!!')).toBe('product');
    expect(slugify('a'.repeat(300))).toHaveLength(100);
  });

  it('names a product by UUID or slug and rejects anything else', () => {
    expect(parseProductRef('0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b')).toEqual({
      id: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b',
    });
    expect(parseProductRef('espresso-cup')).toEqual({ slug: 'espresso-cup' });
    expect(() => parseProductRef('Not A Slug!')).toThrow(/id \(UUID\) or its slug/);
    expect(() => parseProductRef('x'.repeat(121))).toThrow();
  });
});
