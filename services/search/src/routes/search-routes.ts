import { Type } from '@sinclair/typebox';
import { Int4, Int8, SearchResults } from '@bodega/contracts';
import type { ServiceApp } from '@bodega/kit';
import type { SearchDeps } from '../deps.js';
import { searchProducts } from '../query/search.js';
import { SORTS } from '../query/sort.js';
import { API, errorResponses } from './schemas.js';

/** Longest query text accepted; longer is a 400, not a slow query. */
export const MAX_QUERY_LENGTH = 200;

const SearchQuerystring = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: MAX_QUERY_LENGTH,
        description: 'Words to find; empty or absent browses everything',
      }),
    ),
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 120, description: 'A category slug' })),
    min_price: Type.Optional(Int8({ minimum: 0, description: 'Lowest price, minor units, inclusive' })),
    max_price: Type.Optional(Int8({ minimum: 0, description: 'Highest price, minor units, inclusive' })),
    in_stock: Type.Optional(Type.Boolean({ description: 'true: only with stock; false: only without' })),
    sort: Type.Optional(
      Type.Union(
        SORTS.map((sort) => Type.Literal(sort)),
        { description: 'Default: relevance with words, popularity without' },
      ),
    ),
    limit: Int4({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 512, description: "The previous page's next_cursor" })),
  },
  { additionalProperties: false },
);

/** Product search: full text with typo tolerance, filters, facets and sorts. */
export function registerSearchRoutes(app: ServiceApp, deps: SearchDeps): void {
  app.get(
    `${API}/search`,
    {
      schema: {
        summary: 'Search products',
        querystring: SearchQuerystring,
        response: { 200: SearchResults, ...errorResponses(400, 401) },
      },
    },
    async (request) => searchProducts(deps, request.query),
  );
}
