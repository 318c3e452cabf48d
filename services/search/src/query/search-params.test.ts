import { describe, expect, it } from 'vitest';
import { fingerprint, normalizeSearch } from './search-params.js';

describe('search request normalization', () => {
  it('browses by popularity without text and ranks by relevance with words', () => {
    expect(normalizeSearch({ limit: 20 })).toMatchObject({ hasText: false, words: [], sort: 'popularity' });
    expect(normalizeSearch({ q: '  ', limit: 20 })).toMatchObject({ hasText: false, sort: 'popularity' });
    expect(normalizeSearch({ q: 'Blue Cup', limit: 20 })).toMatchObject({
      hasText: true,
      words: ['blue', 'cup'],
      sort: 'relevance',
    });
  });

  it('keeps text without words as text, so that it matches nothing rather than everything', () => {
    expect(normalizeSearch({ q: "' & |", limit: 20 })).toMatchObject({ hasText: true, words: [] });
  });

  it('refuses a minimum price above the maximum', () => {
    expect(() => normalizeSearch({ min_price: 10, max_price: 5, limit: 20 })).toThrow(/min_price/);
    expect(normalizeSearch({ min_price: 5, max_price: 5, limit: 20 })).toMatchObject({
      minPrice: 5,
      maxPrice: 5,
    });
  });

  it('fingerprints the result set, not the page size', () => {
    const a = fingerprint(normalizeSearch({ q: 'cup', limit: 10 }));
    expect(fingerprint(normalizeSearch({ q: 'CUP', limit: 50 }))).toBe(a);
    expect(fingerprint(normalizeSearch({ q: 'cup', limit: 10, in_stock: true }))).not.toBe(a);
    expect(fingerprint(normalizeSearch({ q: 'cup', limit: 10, sort: 'newest' }))).not.toBe(a);
  });
});
