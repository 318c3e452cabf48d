import type { EventData } from '@bodega/contracts';
import type { Tx } from '@bodega/db';
import { lockOrder, settleOrder } from './order-ledger.js';

/**
 * `orders.order.cancelled`: only a cancellation after payment (`was_paid`) undoes anything: the
 * order's whole total is netted from revenue (once, together with its refunds) and its lines are
 * taken off its products, in the hour it was cancelled. A checkout that failed before payment was
 * never revenue, so it changes nothing.
 */
export async function applyOrderCancelled(tx: Tx, data: EventData<'orders.order.cancelled'>): Promise<void> {
  if (!data.was_paid) return;
  const order = await lockOrder(tx, data.order_id, data.customer_id);
  if (order.cancelledPaidAt !== null) return;
  await settleOrder(tx, {
    ...order,
    cancelledPaidAt: new Date(data.cancelled_at),
    moneyBack: [...order.moneyBack, { at: data.cancelled_at, amount: null }],
  });
}
