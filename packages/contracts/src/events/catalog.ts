import { Type } from '@sinclair/typebox';
import { ProductAttributes, ProductImages, Rating, ReviewStatus, Slug } from '../catalog.js';
import { Money, Timestamp, Uuid } from '../dto.js';
import { Int4 } from '../numbers.js';

/**
 * `catalog.product.updated` v1: the full current state of a product, sent on create and on every
 * change (its rating included, so a review changes it too). It carries the mini-commerce
 * `ProductUpdated` fields (`event_id`, `occurred_at`, equal to the envelope's `id` and `occurred_at`)
 * so consumers built for that schema keep working. Readers apply it only if `updated_at` is not older
 * than what they hold: deliveries may come out of order.
 */
export const ProductUpdatedV1 = Type.Object({
  event_id: Uuid,
  occurred_at: Timestamp,
  product_id: Uuid,
  slug: Type.String({ minLength: 1 }),
  name: Type.String({ minLength: 1 }),
  description: Type.String(),
  category: Type.String(),
  sku: Type.String(),
  price: Money,
  /** Available to sell now: stock on hand minus active reservations. */
  stock_qty: Int4({ minimum: 0 }),
  images: ProductImages,
  attributes: ProductAttributes,
  active: Type.Boolean(),
  rating: Rating,
  created_at: Timestamp,
  updated_at: Timestamp,
});

/** `catalog.product.deleted` v1: the product is gone (soft-deleted in catalog); read models drop it. */
export const ProductDeletedV1 = Type.Object({
  product_id: Uuid,
  deleted_at: Timestamp,
});

/**
 * `catalog.product.viewed` v1: product pages read, batched (one event per flush, not per view).
 * Best-effort: sent straight to the bus, never through the outbox, so a read never waits on it and a
 * crash may lose a batch (counted by the catalog's `catalog_product_views_dropped_total`).
 */
export const ProductViewedV1 = Type.Object({
  views: Type.Array(
    Type.Object({
      product_id: Uuid,
      category: Slug,
      /** The signed-in customer, if any. */
      customer_id: Type.Union([Uuid, Type.Null()]),
      /** The browser session (`X-Session-Id`), if the client sent one. */
      session_id: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
      viewed_at: Timestamp,
    }),
    { minItems: 1, maxItems: 1000 },
  ),
});

const ReviewEvent = {
  review_id: Uuid,
  product_id: Uuid,
  author_id: Uuid,
  rating: Int4({ minimum: 1, maximum: 5 }),
  status: ReviewStatus,
  /** The product's rating after this change. */
  product_rating: Rating,
  occurred_at: Timestamp,
};

/** `catalog.review.created` v1: a customer posted a review. */
export const ReviewCreatedV1 = Type.Object(ReviewEvent);
/** `catalog.review.updated` v1: its author edited it, or a moderator hid or restored it. */
export const ReviewUpdatedV1 = Type.Object(ReviewEvent);
/** `catalog.review.deleted` v1: its author (or a moderator) deleted it. */
export const ReviewDeletedV1 = Type.Object(ReviewEvent);
