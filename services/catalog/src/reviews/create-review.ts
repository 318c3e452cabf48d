import { hasRole, type Principal } from '@bodega/auth';
import type { Review } from '@bodega/contracts';
import { newId } from '@bodega/db';
import { Conflict } from '@bodega/errors';
import { sql } from 'drizzle-orm';
import { reviews } from '../db/schema.js';
import type { CatalogDeps } from '../deps.js';
import { parseProductRef } from '../products/product.js';
import { evictProduct } from '../products/product-cache.js';
import { getLiveProduct, productNotFound } from '../products/product-store.js';
import { ratingDelta, toReviewJson, type ReviewInput } from './review.js';
import { applyRatingChange, productRating, recordReviewEvent } from './review-writes.js';

/**
 * Posts a review: one live review per author and product (the partial unique index decides a race),
 * the product's rating updated and both changes announced, in one transaction.
 */
export async function createReview(
  deps: CatalogDeps,
  author: Principal,
  idOrSlug: string,
  input: ReviewInput,
  traceParent?: string,
): Promise<Review> {
  const ref = parseProductRef(idOrSlug);
  const now = deps.now();
  const { review, product } = await deps.db.transaction(async (tx) => {
    const target = await getLiveProduct(tx, ref);
    if (!target.active && !hasRole(author, 'manager', 'admin')) throw productNotFound();
    const [review] = await tx
      .insert(reviews)
      .values({
        id: newId(),
        productId: target.id,
        authorId: author.user_id,
        authorName: null,
        rating: input.rating,
        title: input.title,
        body: input.body ?? '',
        status: 'visible',
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({
        target: [reviews.productId, reviews.authorId],
        where: sql`deleted_at is null`,
      })
      .returning();
    if (!review) {
      throw Conflict('You have already reviewed this product; edit your review instead', {
        code: 'REVIEW_EXISTS',
      });
    }
    const product = await applyRatingChange(tx, target.id, ratingDelta(undefined, review), now, traceParent);
    await recordReviewEvent(tx, 'catalog.review.created', review, productRating(product), now, traceParent);
    return { review, product };
  });
  deps.reviewMetrics.posted(review.rating);
  await evictProduct(deps, product.id, product.slug);
  return toReviewJson(review);
}
