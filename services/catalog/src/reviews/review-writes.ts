import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Rating } from '@bodega/contracts';
import type { Executor } from '@bodega/db';
import { NotFound } from '@bodega/errors';
import { writeEvent } from '@bodega/events';
import { outbox, products, reviews, type ProductRow, type ReviewRow } from '../db/schema.js';
import { ratingOf } from '../products/product.js';
import { recordProductUpdated } from '../products/product-events.js';
import { nextVersion } from '../products/product-store.js';

export function reviewNotFound() {
  return NotFound('No review with this id', { code: 'REVIEW_NOT_FOUND' });
}

/** The live review `id`, locked for the rest of the transaction. */
export async function getLiveReviewForUpdate(tx: Executor, id: string): Promise<ReviewRow> {
  const [row] = await tx
    .select()
    .from(reviews)
    .where(and(eq(reviews.id, id), isNull(reviews.deletedAt)))
    .for('update');
  if (!row) throw reviewNotFound();
  return row;
}

/**
 * Applies a review change to its product's rating (an atomic increment, so concurrent reviews add
 * up) and announces the product's new state, in the review's transaction.
 */
export async function applyRatingChange(
  tx: Executor,
  productId: string,
  delta: { sum: number; count: number },
  now: Date,
  traceParent?: string,
): Promise<ProductRow> {
  const [product] = await tx
    .update(products)
    .set({
      ratingSum: sql`${products.ratingSum} + ${delta.sum}`,
      ratingCount: sql`${products.ratingCount} + ${delta.count}`,
      updatedAt: nextVersion(now),
    })
    .where(eq(products.id, productId))
    .returning();
  if (!product) throw new Error(`review of a missing product ${productId}`);
  await recordProductUpdated(tx, product, now, traceParent);
  return product;
}

/** Announces a review change (`catalog.review.created|updated|deleted`) with the product's new rating. */
export async function recordReviewEvent(
  tx: Executor,
  type: 'catalog.review.created' | 'catalog.review.updated' | 'catalog.review.deleted',
  review: ReviewRow,
  productRating: Rating,
  now: Date,
  traceParent?: string,
): Promise<void> {
  await writeEvent(tx, outbox, {
    type,
    source: 'catalog',
    occurredAt: now,
    ...(traceParent === undefined ? {} : { traceParent }),
    data: {
      review_id: review.id,
      product_id: review.productId,
      author_id: review.authorId,
      rating: review.rating,
      status: review.status,
      product_rating: productRating,
      occurred_at: now.toISOString(),
    },
  });
}

export const productRating = (product: ProductRow) => ratingOf(product.ratingSum, product.ratingCount);
