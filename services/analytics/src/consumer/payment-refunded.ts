import type { EventData } from '@bodega/contracts';
import type { Tx } from '@bodega/db';
import { lockOrder, settleOrder } from './order-ledger.js';

/**
 * `payments.payment.refunded`: each refund's `amount` (partial ones too) is netted from revenue in
 * the hour it happened, unless the order's paid cancellation already netted it (order-money.ts).
 * Refunds carry no lines: products keep their revenue (see README, "Top products").
 */
export async function applyPaymentRefunded(
  tx: Tx,
  data: EventData<'payments.payment.refunded'>,
): Promise<void> {
  const order = await lockOrder(tx, data.order_id, data.customer_id);
  await settleOrder(tx, {
    ...order,
    moneyBack: [...order.moneyBack, { at: data.occurred_at, amount: data.amount.amount }],
  });
}
