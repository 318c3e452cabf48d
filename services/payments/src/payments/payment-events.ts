import type { EventType, PaymentStatus } from '@bodega/contracts';
import type { Executor } from '@bodega/db';
import { newId } from '@bodega/db';
import { writeEvent } from '@bodega/events';
import { outbox, type PaymentRow } from '../db/schema.js';

type PaymentEventType = Extract<EventType, `payments.payment.${string}`>;

/** Each status's event; every refund, partial or full, is `payments.payment.refunded`. */
const eventTypes: Record<PaymentStatus, PaymentEventType> = {
  authorized: 'payments.payment.authorized',
  declined: 'payments.payment.declined',
  captured: 'payments.payment.captured',
  voided: 'payments.payment.voided',
  partially_refunded: 'payments.payment.refunded',
  refunded: 'payments.payment.refunded',
};

/**
 * Announces a payment's new state (`payments.payment.<status>`) in the caller's transaction.
 * `moved` is what this change moved (authorized, declined, captured, voided amount, or this refund);
 * `refunded` stays the running total. `event_id` and `occurred_at` repeat the envelope's.
 */
export async function recordPaymentEvent(
  tx: Executor,
  row: PaymentRow,
  moved: number,
  occurredAt: Date,
  traceParent?: string,
): Promise<void> {
  const id = newId();
  await writeEvent(tx, outbox, {
    id,
    type: eventTypes[row.status],
    source: 'payments',
    occurredAt,
    ...(traceParent === undefined ? {} : { traceParent }),
    data: {
      event_id: id,
      occurred_at: occurredAt.toISOString(),
      payment_id: row.id,
      order_id: row.orderId,
      customer_id: row.customerId,
      status: row.status,
      amount: { amount: moved, currency: row.currency },
      refunded: { amount: row.refunded, currency: row.currency },
      decline_reason: row.declineReason,
    },
  });
}
