import { Type } from '@sinclair/typebox';
import { Money, Timestamp, Uuid } from '../dto.js';

/**
 * `catalog.product.updated` v1: the full current state of a product, sent on create and on every
 * change. It carries the mini-commerce `ProductUpdated` fields (`event_id`, `occurred_at`, equal to
 * the envelope's `id` and `occurred_at`) so consumers built for that schema keep working. Readers
 * apply it only if `updated_at` is not older than what they hold: deliveries may come out of order.
 */
export const ProductUpdatedV1 = Type.Object({
  event_id: Uuid,
  occurred_at: Timestamp,
  product_id: Uuid,
  slug: Type.String({ minLength: 1 }),
  name: Type.String({ minLength: 1 }),
  description: Type.String(),
  category: Type.String(),
  price: Money,
  stock_qty: Type.Integer({ minimum: 0 }),
  active: Type.Boolean(),
  updated_at: Timestamp,
});

/** `catalog.product.deleted` v1: the product is gone; read models drop it. */
export const ProductDeletedV1 = Type.Object({
  product_id: Uuid,
  deleted_at: Timestamp,
});
