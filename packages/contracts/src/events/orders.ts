import { Type } from '@sinclair/typebox';
import { OrderStatus } from '../commerce.js';
import { Money, Timestamp, Uuid } from '../dto.js';
import { Int4 } from '../numbers.js';

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
      quantity: Int4({ minimum: 1 }),
      unit_price: Money,
    }),
    { minItems: 1 },
  ),
  total: Money,
  placed_at: Timestamp,
});

/**
 * `orders.order.cancelled` v1: an order ended without being fulfilled: checkout failed (`out_of_stock`,
 * `payment_declined`, `payment_unavailable`, `checkout_abandoned`) or someone cancelled it.
 * `was_paid` says whether money was taken (and so refunded).
 */
export const OrderCancelledV1 = Type.Object({
  event_id: Uuid,
  occurred_at: Timestamp,
  order_id: Uuid,
  customer_id: Uuid,
  reason: Type.String(),
  was_paid: Type.Boolean(),
  items: Type.Array(Type.Object({ product_id: Uuid, quantity: Int4({ minimum: 1 }) })),
  total: Money,
  cancelled_at: Timestamp,
});

/** `orders.order.status_changed` v1: every transition of the order status machine, with who made it. */
export const OrderStatusChangedV1 = Type.Object({
  event_id: Uuid,
  occurred_at: Timestamp,
  order_id: Uuid,
  customer_id: Uuid,
  from: Type.Union([OrderStatus, Type.Null()]),
  to: OrderStatus,
  /** The user who made the change; null for the platform. */
  changed_by: Type.Union([Uuid, Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  total: Money,
  changed_at: Timestamp,
});
