import { Type } from '@sinclair/typebox';
import { Int4, SearchHit, Uuid } from '@bodega/contracts';
import type { ServiceApp } from '@bodega/kit';
import type { SearchDeps } from '../deps.js';
import { recommend } from '../recommendations/recommend.js';
import { API, errorResponses } from './schemas.js';

const RecommendationQuerystring = Type.Object(
  {
    product_id: Type.Optional(Uuid),
    customer_id: Type.Optional(Uuid),
    limit: Int4({ minimum: 1, maximum: 50, default: 10 }),
  },
  { additionalProperties: false },
);

const RecommendationsBody = Type.Object({
  items: Type.Array(SearchHit),
  strategy: Type.Union(
    [
      Type.Literal('bought_together'),
      Type.Literal('viewed_together'),
      Type.Literal('personal'),
      Type.Literal('popular'),
    ],
    { description: 'Where the first (strongest) items come from; the rest tops up with popular products' },
  ),
});

/** Recommendations for a product page, a customer, or anyone. */
export function registerRecommendationRoutes(app: ServiceApp, deps: SearchDeps): void {
  app.get(
    `${API}/recommendations`,
    {
      schema: {
        summary: 'Products to recommend',
        querystring: RecommendationQuerystring,
        response: { 200: RecommendationsBody, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => recommend(deps, request.principal, request.query),
  );
}
