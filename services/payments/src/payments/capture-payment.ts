import { and, eq, sql } from 'drizzle-orm';
import type { Payment } from '@bodega/contracts';
import { payments } from '../db/schema.js';
import type { PaymentsDeps } from '../deps.js';
import { captureStep } from './payment.js';
import { recordPaymentEvent } from './payment-events.js';
import { getPaymentRow, paymentJson } from './payment-store.js';

/**
 * Captures an authorization in full (captured = amount). Capturing again answers the payment as it
 * is; a voided or declined payment is a 409. The provider is told first, outside the transaction; the
 * transaction decides again under the row lock, so two concurrent captures capture once: the UPDATE
 * only moves an `authorized` row, and a concurrent one waits for the lock, then finds it captured.
 */
export async function capturePayment(
  deps: PaymentsDeps,
  paymentId: string,
  traceParent?: string,
): Promise<Payment> {
  const before = await getPaymentRow(deps.db, paymentId);
  if (captureStep(before.status) === 'done') return paymentJson(deps.db, before);
  await deps.provider.settle();

  const now = deps.now();
  const { row, changed } = await deps.db.transaction(async (tx) => {
    const [after] = await tx
      .update(payments)
      .set({ status: 'captured', captured: sql`${payments.amount}`, updatedAt: now })
      .where(and(eq(payments.id, paymentId), eq(payments.status, 'authorized')))
      .returning();
    if (!after) {
      // Not an authorization any more: captured meanwhile (answered as is), or voided (a 409).
      const current = await getPaymentRow(tx, paymentId, { forUpdate: true });
      if (captureStep(current.status) === 'capture') throw new Error('an authorization escaped its capture');
      return { row: current, changed: false };
    }
    await recordPaymentEvent(tx, after, after.captured, now, traceParent);
    return { row: after, changed: true };
  });
  if (changed) deps.metrics.outcome('captured');
  return paymentJson(deps.db, row);
}
