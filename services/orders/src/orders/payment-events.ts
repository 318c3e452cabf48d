import { eventConsumers, type AnyEnvelope, type EventData } from '@bodega/contracts';
import type { Tx } from '@bodega/db';
import { formatMoney } from '../pricing/calculator.js';
import { findOrderForUpdate } from './order-store.js';
import { addHistoryNote, transition } from './transition.js';

/** What the consumer `orders` subscribes to. */
export const CONSUMED_EVENTS = eventConsumers.orders;
export const ORDERS_CONSUMER = 'orders';

const refundable = new Set(['paid', 'shipped', 'delivered']);

/**
 * `payments.payment.refunded`, in the inbox transaction. A full refund of a paid, shipped or delivered
 * order makes it `refunded` (by the platform, reason `refund`). A partial refund changes no status: it
 * adds a history note with the amounts, so the order's story shows it. An order whose own
 * cancellation asked for the refund is left to that cancellation, which ends it `cancelled`.
 */
export async function applyPaymentRefunded(
  tx: Tx,
  data: EventData<'payments.payment.refunded'>,
  now: Date,
): Promise<void> {
  const order = await findOrderForUpdate(tx, data.order_id);
  if (!order || !refundable.has(order.status)) return;
  const full = data.status === 'refunded' || data.refunded.amount >= order.total;
  if (!full) {
    await addHistoryNote(
      tx,
      order,
      `partial_refund: ${formatMoney(data.amount)} refunded (${formatMoney(data.refunded)} in all)`,
      now,
    );
    return;
  }
  if (order.status === 'paid' && order.refundId !== null) return;
  await transition(tx, order, { to: 'refunded', by: null, reason: 'refund', at: now });
}

/** Applies one consumed event in the inbox transaction (the bus delivers only `CONSUMED_EVENTS`). */
export async function applyPaymentEvent(envelope: AnyEnvelope, tx: Tx, now: Date): Promise<void> {
  if (envelope.type !== 'payments.payment.refunded') {
    // Only reachable if the subscription and this function disagree: fail loudly (dead letter).
    throw new Error(`orders does not consume ${envelope.type} events`);
  }
  await applyPaymentRefunded(tx, envelope.data, now);
}
