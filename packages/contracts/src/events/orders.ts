import { Type } from '@sinclair/typebox';
import { Money, Timestamp, Uuid } from '../dto.js';

/**
 * `orders.order.placed` v1: an order was paid and its stock committed. It carries the mini-commerce
 * `OrderCreated` content (`event_id`, `occurred_at`, the order, its customer, lines and total).
 */
export const OrderPlacedV1 = Type.Object({
  event_id: Uuid,
  occurred_at: Timestamp,
  order_id: Uuid,
  customer_id: Uuid,
  items: Type.Array(
    Type.Object({
      product_id: Uuid,
      quantity: Type.Integer({ minimum: 1 }),
      unit_price: Money,
    }),
    { minItems: 1 },
  ),
  total: Money,
  placed_at: Timestamp,
});
