import { Type, type Static } from '@sinclair/typebox';
import { hasRole, type Principal } from '@bodega/auth';
import { Int4, ReviewStatus, type Review } from '@bodega/contracts';
import { Forbidden } from '@bodega/errors';
import type { ReviewRow } from '../db/schema.js';

const Rating = Int4({ minimum: 1, maximum: 5 });
// Plain text, stored and returned exactly as written: clients render it as text, never as HTML.
const Title = Type.String({ minLength: 1, maxLength: 200 });
const Body = Type.String({ maxLength: 5_000 });

export const ReviewInput = Type.Object(
  { rating: Rating, title: Title, body: Type.Optional(Body) },
  { additionalProperties: false },
);
export type ReviewInput = Static<typeof ReviewInput>;

export const ReviewPatch = Type.Object(
  {
    rating: Type.Optional(Rating),
    title: Type.Optional(Title),
    body: Type.Optional(Body),
    status: Type.Optional(ReviewStatus),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ReviewPatch = Static<typeof ReviewPatch>;

type Counted = Pick<ReviewRow, 'rating' | 'status'>;

/**
 * What a review change does to its product's rating sum and count: only visible reviews count, so
 * hiding one removes it and restoring it adds it back.
 */
export function ratingDelta(before: Counted | undefined, after: Counted | undefined) {
  const weight = (review: Counted | undefined) =>
    review?.status === 'visible' ? { sum: review.rating, count: 1 } : { sum: 0, count: 0 };
  const [was, is] = [weight(before), weight(after)];
  return { sum: is.sum - was.sum, count: is.count - was.count };
}

const moderator = (principal: Principal) => hasRole(principal, 'manager', 'admin');

/**
 * Who may change what: the author edits the words and the rating; managers and admins moderate
 * (status). Anyone else, or anyone reaching for what is not theirs, gets 403.
 */
export function assertMayEdit(principal: Principal, review: Pick<ReviewRow, 'authorId'>, patch: ReviewPatch) {
  const isAuthor = principal.user_id === review.authorId;
  const editsContent = patch.rating !== undefined || patch.title !== undefined || patch.body !== undefined;
  if ((editsContent && !isAuthor) || (patch.status !== undefined && !moderator(principal))) {
    throw Forbidden(
      editsContent && !isAuthor
        ? 'Only the author may edit a review'
        : 'Only managers and admins may moderate reviews',
      { code: 'FORBIDDEN' },
    );
  }
}

/** The author or a moderator may delete a review. */
export function assertMayDelete(principal: Principal, review: Pick<ReviewRow, 'authorId'>) {
  if (principal.user_id !== review.authorId && !moderator(principal)) {
    throw Forbidden('Only the author or a moderator may delete a review', { code: 'FORBIDDEN' });
  }
}

export function toReviewJson(row: ReviewRow): Review {
  return {
    id: row.id,
    product_id: row.productId,
    author: { id: row.authorId, name: row.authorName },
    rating: row.rating,
    title: row.title,
    body: row.body,
    status: row.status,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
