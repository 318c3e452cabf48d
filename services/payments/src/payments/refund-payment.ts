import { eq } from 'drizzle-orm';
import type { Money, Payment } from '@bodega/contracts';
import type { Executor } from '@bodega/db';
import { Conflict } from '@bodega/errors';
import { payments, refunds, type PaymentRow } from '../db/schema.js';
import type { PaymentsDeps } from '../deps.js';
import {
  assertPositiveAmount,
  assertSameRefund,
  paymentNotFound,
  refundAmount,
  statusAfterRefund,
} from './payment.js';
import { recordPaymentEvent } from './payment-events.js';
import { findPaymentByOrder, findRefund, getPaymentRow, paymentJson } from './payment-store.js';

/** Which payment to refund: by order (orders' internal call) or by id (a manager, public API). */
export type PaymentRef = { orderId: string } | { paymentId: string };

export interface RefundInput {
  /** The idempotency key, which becomes the refund's id. */
  refundId: string;
  /** Absent: what remains of the captured amount. */
  amount?: Money | undefined;
  reason?: string | undefined;
}

export interface RefundResult {
  /** True when this call refunded (201), false when it repeats an earlier refund (200). */
  created: boolean;
  payment: Payment;
}

/**
 * Refunds part or all of a captured payment, once per refund id: a repeat answers the payment as it
 * is and refunds nothing more. Checked before the provider is told, then decided again under the
 * payment's row lock, where the refund, the new totals and `payments.payment.refunded` commit together.
 */
export async function refundPayment(
  deps: PaymentsDeps,
  ref: PaymentRef,
  input: RefundInput,
  traceParent?: string,
): Promise<RefundResult> {
  if (input.amount) assertPositiveAmount(input.amount, 'amount');
  const [before, previous] = await Promise.all([
    loadTarget(deps.db, ref),
    findRefund(deps.db, input.refundId),
  ]);
  if (previous) {
    assertSameRefund(previous, before.id, input.amount);
    return { created: false, payment: await paymentJson(deps.db, before) };
  }
  refundAmount(before, input.amount);
  await deps.provider.settle();

  const now = deps.now();
  const { row, created } = await conflictOnKeyRace(input.refundId, () =>
    deps.db.transaction(async (tx) => {
      const current = await loadTarget(tx, ref, true);
      const raced = await findRefund(tx, input.refundId);
      if (raced) {
        assertSameRefund(raced, current.id, input.amount);
        return { row: current, created: false };
      }
      const amount = refundAmount(current, input.amount);
      await tx.insert(refunds).values({
        id: input.refundId,
        paymentId: current.id,
        amount,
        currency: current.currency,
        reason: input.reason ?? null,
        createdAt: now,
      });
      const total = current.refunded + amount;
      const [after] = await tx
        .update(payments)
        .set({ refunded: total, status: statusAfterRefund(current.captured, total), updatedAt: now })
        .where(eq(payments.id, current.id))
        .returning();
      if (!after) throw new Error('update returned no payment');
      await recordPaymentEvent(tx, after, amount, now, traceParent);
      return { row: after, created: true };
    }),
  );
  if (created) deps.metrics.outcome(row.status);
  return { created, payment: await paymentJson(deps.db, row) };
}

async function loadTarget(db: Executor, ref: PaymentRef, forUpdate = false): Promise<PaymentRow> {
  if ('paymentId' in ref) return getPaymentRow(db, ref.paymentId, { forUpdate });
  const row = await findPaymentByOrder(db, ref.orderId, { forUpdate });
  if (!row) throw paymentNotFound();
  return row;
}

/**
 * The same refund id sent at once for two different payments: each locks only its own payment, so
 * the primary key decides, and the loser is a 409 rather than a 500.
 */
async function conflictOnKeyRace<T>(refundId: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw Conflict('This refund id (idempotency key) was already used for another refund', {
        code: 'REFUND_MISMATCH',
        details: { refund_id: refundId },
        cause: error,
      });
    }
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Object; current = (current as Error).cause) {
    if ((current as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
