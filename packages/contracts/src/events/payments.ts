import { Type } from '@sinclair/typebox';
import { PaymentStatus } from '../commerce.js';
import { Money, Timestamp, Uuid } from '../dto.js';

/**
 * Every `payments.payment.*` event (v1) carries the payment's state after the change:
 * `authorized`, `declined`, `captured`, `voided`, `refunded` (a refund, full or partial: `amount` is
 * what this refund returned, `refunded` the running total).
 */
export const PaymentEventV1 = Type.Object({
  event_id: Uuid,
  occurred_at: Timestamp,
  payment_id: Uuid,
  order_id: Uuid,
  customer_id: Uuid,
  status: PaymentStatus,
  /** What this event moved: the authorized, captured or refunded amount. */
  amount: Money,
  refunded: Money,
  decline_reason: Type.Union([Type.String(), Type.Null()]),
});
