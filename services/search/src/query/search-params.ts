/** A search request, checked and normalized: what the SQL, the cursor and the cache key are built from. */
import { createHash } from 'node:crypto';
import { ValidationError } from '@bodega/errors';
import { effectiveSort, type Sort } from './sort.js';
import { queryWords } from './words.js';

/** The query string of `GET /search`, as the route's schema admits it. */
export interface SearchQuery {
  q?: string;
  category?: string;
  min_price?: number;
  max_price?: number;
  in_stock?: boolean;
  sort?: Sort;
  limit: number;
  cursor?: string;
}

export interface SearchRequest {
  /** True when the client typed something (even if it holds no word: then nothing matches). */
  hasText: boolean;
  words: string[];
  category: string | null;
  minPrice: number | null;
  maxPrice: number | null;
  inStock: boolean | null;
  sort: Sort;
  limit: number;
}

export function normalizeSearch(query: SearchQuery): SearchRequest {
  const text = query.q?.trim() ?? '';
  const minPrice = query.min_price ?? null;
  const maxPrice = query.max_price ?? null;
  if (minPrice !== null && maxPrice !== null && minPrice > maxPrice) {
    throw ValidationError('min_price must not be greater than max_price', {
      details: { issues: [{ field: 'min_price', message: 'is greater than max_price' }] },
    });
  }
  const words = queryWords(text);
  return {
    hasText: text.length > 0,
    words,
    category: query.category ?? null,
    minPrice,
    maxPrice,
    inStock: query.in_stock ?? null,
    sort: effectiveSort(query.sort, words.length > 0),
    limit: query.limit,
  };
}

/** Identifies the result set (everything but the page): a cursor only continues the query it came from. */
export function fingerprint(request: SearchRequest): string {
  const { limit: _limit, ...set } = request;
  return createHash('sha256').update(JSON.stringify(set)).digest('base64url').slice(0, 22);
}
