import { eq } from 'drizzle-orm';
import { Type, type Static } from '@sinclair/typebox';
import { Payment, Uuid, type PaymentVoidRequest } from '@bodega/contracts';
import { orderVoids, payments } from '../db/schema.js';
import type { PaymentsDeps } from '../deps.js';
import { voidStep } from './payment.js';
import { recordPaymentEvent } from './payment-events.js';
import { findPaymentByOrder, lockOrder, paymentJson } from './payment-store.js';

/**
 * What `POST /internal/payments/void` answers: the order can no longer be charged. `payment` is the
 * order's payment after the void, or null when the order had none (the void is then recorded, and a
 * late authorization is refused).
 */
export const VoidResult = Type.Object({
  order_id: Uuid,
  voided: Type.Literal(true),
  payment: Type.Union([Payment, Type.Null()]),
});
export type VoidResult = Static<typeof VoidResult>;

/**
 * Voids an order's authorization, by order id (contracts `PaymentVoidRequest`). Without a payment yet
 * the void is recorded for the order; voided and declined payments answer as they are; a captured one
 * is 409 `PAYMENT_CAPTURED`. Decided under the order's lock, the same lock authorization stores under.
 */
export async function voidPayment(
  deps: PaymentsDeps,
  request: PaymentVoidRequest,
  traceParent?: string,
): Promise<VoidResult> {
  const orderId = request.order_id;
  const result = async (row: Parameters<typeof paymentJson>[1] | undefined): Promise<VoidResult> => ({
    order_id: orderId,
    voided: true,
    payment: row ? await paymentJson(deps.db, row) : null,
  });

  const before = await findPaymentByOrder(deps.db, orderId);
  if (before && voidStep(before.status) === 'done') return result(before);
  // An authorization is released at the provider; an order without a payment has nothing there.
  if (before) await deps.provider.settle();

  const now = deps.now();
  const { row, changed } = await deps.db.transaction(async (tx) => {
    await lockOrder(tx, orderId);
    const current = await findPaymentByOrder(tx, orderId, { forUpdate: true });
    if (!current) {
      await tx
        .insert(orderVoids)
        .values({ orderId, reason: request.reason ?? null, voidedAt: now })
        .onConflictDoNothing();
      return { row: undefined, changed: false };
    }
    if (voidStep(current.status) === 'done') return { row: current, changed: false };
    // An authorization that committed after the first read is released too: the simulated provider's
    // release is latency only, and a provider call has no place under the order's lock.
    const [after] = await tx
      .update(payments)
      .set({ status: 'voided', voidReason: request.reason ?? null, updatedAt: now })
      .where(eq(payments.id, current.id))
      .returning();
    if (!after) throw new Error('update returned no payment');
    await recordPaymentEvent(tx, after, after.amount, now, traceParent);
    return { row: after, changed: true };
  });
  if (changed) deps.metrics.outcome('voided');
  return result(row);
}
