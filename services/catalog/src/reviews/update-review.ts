import type { Principal } from '@bodega/auth';
import type { Review } from '@bodega/contracts';
import { isUuid } from '@bodega/db';
import { eq } from 'drizzle-orm';
import { reviews } from '../db/schema.js';
import type { CatalogDeps } from '../deps.js';
import { evictProduct } from '../products/product-cache.js';
import { assertMayEdit, ratingDelta, toReviewJson, type ReviewPatch } from './review.js';
import {
  applyRatingChange,
  getLiveReviewForUpdate,
  productRating,
  recordReviewEvent,
  reviewNotFound,
} from './review-writes.js';
import { ValidationError } from '@bodega/errors';

export function parseReviewId(id: string): string {
  if (!isUuid(id)) {
    throw ValidationError('A review id is a UUID', { code: 'INVALID_REVIEW_ID', details: { field: 'id' } });
  }
  return id.toLowerCase();
}

/** The author edits the words and rating; a moderator hides or restores. The rating follows. */
export async function updateReview(
  deps: CatalogDeps,
  actor: Principal,
  reviewId: string,
  patch: ReviewPatch,
  traceParent?: string,
): Promise<Review> {
  const id = parseReviewId(reviewId);
  const now = deps.now();
  const { after, product } = await deps.db.transaction(async (tx) => {
    const before = await getLiveReviewForUpdate(tx, id);
    assertMayEdit(actor, before, patch);
    const [after] = await tx
      .update(reviews)
      .set({
        ...(patch.rating === undefined ? {} : { rating: patch.rating }),
        ...(patch.title === undefined ? {} : { title: patch.title }),
        ...(patch.body === undefined ? {} : { body: patch.body }),
        ...(patch.status === undefined ? {} : { status: patch.status }),
        updatedAt: now,
      })
      .where(eq(reviews.id, id))
      .returning();
    if (!after) throw reviewNotFound();
    const product = await applyRatingChange(
      tx,
      after.productId,
      ratingDelta(before, after),
      now,
      traceParent,
    );
    await recordReviewEvent(tx, 'catalog.review.updated', after, productRating(product), now, traceParent);
    return { after, product };
  });
  await evictProduct(deps, product.id, product.slug);
  return toReviewJson(after);
}
