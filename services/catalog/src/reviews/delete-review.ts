import type { Principal } from '@bodega/auth';
import { eq } from 'drizzle-orm';
import { reviews } from '../db/schema.js';
import type { CatalogDeps } from '../deps.js';
import { evictProduct } from '../products/product-cache.js';
import { assertMayDelete, ratingDelta } from './review.js';
import {
  applyRatingChange,
  getLiveReviewForUpdate,
  productRating,
  recordReviewEvent,
} from './review-writes.js';
import { parseReviewId } from './update-review.js';

/** The author or a moderator deletes a review (kept for the record, gone for everyone). */
export async function deleteReview(
  deps: CatalogDeps,
  actor: Principal,
  reviewId: string,
  traceParent?: string,
): Promise<void> {
  const id = parseReviewId(reviewId);
  const now = deps.now();
  const product = await deps.db.transaction(async (tx) => {
    const before = await getLiveReviewForUpdate(tx, id);
    assertMayDelete(actor, before);
    await tx.update(reviews).set({ deletedAt: now, updatedAt: now }).where(eq(reviews.id, id));
    const product = await applyRatingChange(
      tx,
      before.productId,
      ratingDelta(before, undefined),
      now,
      traceParent,
    );
    await recordReviewEvent(tx, 'catalog.review.deleted', before, productRating(product), now, traceParent);
    return product;
  });
  await evictProduct(deps, product.id, product.slug);
}
