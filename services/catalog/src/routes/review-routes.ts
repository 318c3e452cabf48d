import { Type } from '@sinclair/typebox';
import { requireAuthenticated } from '@bodega/auth';
import { Page, Review } from '@bodega/contracts';
import type { ServiceApp } from '@bodega/kit';
import type { CatalogDeps } from '../deps.js';
import { edgeCacheHeaders } from '../products/product-cache.js';
import { createReview } from '../reviews/create-review.js';
import { deleteReview } from '../reviews/delete-review.js';
import { listReviews } from '../reviews/list-reviews.js';
import { ReviewInput, ReviewPatch } from '../reviews/review.js';
import { updateReview } from '../reviews/update-review.js';
import { API, Cursor, errorResponses, Limit, ProductIdParams } from './schemas.js';

const ListReviewsQuery = Type.Object(
  {
    limit: Limit,
    cursor: Cursor,
    status: Type.Union([Type.Literal('visible'), Type.Literal('hidden'), Type.Literal('all')], {
      default: 'visible',
      description: 'hidden and all: managers and admins only',
    }),
  },
  { additionalProperties: false },
);
const ReviewPage = Type.Object(Page(Review).properties, { additionalProperties: false });
const ReviewIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/** Reviews: public reads, posting when signed in, edits by the author, moderation by managers and admins. */
export function registerReviewRoutes(app: ServiceApp, deps: CatalogDeps): void {
  app.get(
    `${API}/products/:id/reviews`,
    {
      schema: {
        summary: "A product's reviews, newest first",
        params: ProductIdParams,
        querystring: ListReviewsQuery,
        response: { 200: ReviewPage, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { page, publicOf } = await listReviews(deps, request.principal, request.params.id, request.query);
      // Every review change and every product change purges the product's tag (evictProduct).
      if (publicOf !== undefined) void reply.headers(edgeCacheHeaders(deps, publicOf));
      return page;
    },
  );

  app.post(
    `${API}/products/:id/reviews`,
    {
      schema: {
        summary: 'Review a product (signed in; one review per product)',
        params: ProductIdParams,
        body: ReviewInput,
        response: { 201: Review, ...errorResponses(400, 401, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const author = requireAuthenticated(request.principal);
      const review = await createReview(
        deps,
        author,
        request.params.id,
        request.body,
        request.trace.traceparent,
      );
      return reply.status(201).send(review);
    },
  );

  app.patch(
    `${API}/reviews/:id`,
    {
      schema: {
        summary: 'Edit a review (author) or hide/restore it (manager, admin)',
        params: ReviewIdParams,
        body: ReviewPatch,
        response: { 200: Review, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request) => {
      const actor = requireAuthenticated(request.principal);
      return updateReview(deps, actor, request.params.id, request.body, request.trace.traceparent);
    },
  );

  app.delete(
    `${API}/reviews/:id`,
    {
      schema: {
        summary: 'Delete a review (author, manager, admin)',
        params: ReviewIdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireAuthenticated(request.principal);
      await deleteReview(deps, actor, request.params.id, request.trace.traceparent);
      return reply.status(204).send(null);
    },
  );
}
