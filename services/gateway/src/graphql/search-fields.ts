import type { Static } from '@sinclair/typebox';
import { field, pageCost, type FieldMap } from './fields.js';
import { RecommendationArgs, SearchArgs } from './shapes.js';
import type { Types } from './types.js';

/** Search with facets, and recommendations (search). */
export function searchQueries({ mapper, ...types }: Types): FieldMap {
  return {
    search: field<unknown, Static<typeof SearchArgs>>({
      type: types.SearchResults,
      description: 'Full-text product search with filters, sorts and facets over every match',
      args: mapper.args(SearchArgs, 'Search'),
      extensions: pageCost(),
      resolve: (_source, args, context) => context.call('search', { path: '/api/v1/search', query: args }),
    }),
    recommendations: field<unknown, Static<typeof RecommendationArgs>>({
      type: types.Recommendations,
      description: 'Products to recommend: for a product page, a customer, or anyone',
      args: mapper.args(RecommendationArgs, 'Recommendations'),
      extensions: pageCost(),
      resolve: (_source, args, context) =>
        context.call('search', { path: '/api/v1/recommendations', query: args }),
    }),
  };
}
