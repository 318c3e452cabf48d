import { Type, type Static } from '@sinclair/typebox';
import { eq } from 'drizzle-orm';
import type { Principal } from '@bodega/auth';
import type { Order } from '@bodega/contracts';
import { newId } from '@bodega/db';
import { Conflict } from '@bodega/errors';
import { UpstreamRefusal } from '../clients/service-call.js';
import { orders, type OrderRow } from '../db/schema.js';
import type { OrdersDeps } from '../deps.js';
import { maySee } from './access.js';
import { findOrder, loadOrder, lockOrder, orderNotFound } from './order-store.js';
import { assertTransition } from './status-machine.js';
import { transition } from './transition.js';

/** POST /orders/{id}/cancel. */
export const CancelInput = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
  { additionalProperties: false },
);
export type CancelInput = Static<typeof CancelInput>;

/** Who cancels, and why; `by` null for the platform (recovery finishing a cancellation). */
export interface Cancellation {
  by: string | null;
  reason: string;
  traceParent?: string | undefined;
}

/**
 * Refunds a paid order in full, gives its stock back, then cancels it. Every call is idempotent (the
 * refund id is stored on the order before the refund is asked for), so a retry after a failure, by
 * the customer or by recovery, refunds once and finishes the job. From that first write on, the
 * order cannot be shipped (`assertMayMove`), and once shipped it cannot start cancelling: both are
 * decided under the order's row lock. A full refund made by staff first wins: 409 `ORDER_REFUNDED`.
 */
export async function cancelPaidOrder(
  deps: OrdersDeps,
  orderId: string,
  cancellation: Cancellation,
): Promise<void> {
  const order = await deps.db.transaction(async (tx) => {
    const locked = await lockOrder(tx, orderId);
    assertTransition(locked.status, 'cancelled');
    if (locked.refundId !== null) return locked;
    // The refund id and the reason asked for are kept first: a retry (or recovery) refunds once.
    const [marked] = await tx
      .update(orders)
      .set({ refundId: newId(), cancelReason: cancellation.reason, updatedAt: deps.now() })
      .where(eq(orders.id, orderId))
      .returning();
    return marked ?? locked;
  });
  if (order.paymentId !== null && order.refundId !== null) {
    await refund(deps, order, order.refundId, cancellation);
  }
  await deps.catalog.returnStock(order.id).catch((error: unknown) => {
    // A paid order always committed its hold; none at all means there is no stock to give back.
    if (error instanceof UpstreamRefusal && error.status === 404) return;
    throw error;
  });
  await deps.db.transaction(async (tx) => {
    const locked = await lockOrder(tx, orderId);
    if (locked.status !== 'paid') return;
    await transition(tx, locked, {
      to: 'cancelled',
      by: cancellation.by,
      reason: cancellation.reason,
      at: deps.now(),
      traceParent: cancellation.traceParent,
    });
  });
}

async function refund(
  deps: OrdersDeps,
  order: OrderRow,
  refundId: string,
  cancellation: Cancellation,
): Promise<void> {
  try {
    await deps.payments.refund(order.id, refundId, cancellation.reason.slice(0, 200));
  } catch (error) {
    if (!(error instanceof UpstreamRefusal)) throw error;
    if (await refundedByAnother(deps, order.id, refundId)) {
      await yieldToRefund(deps, order.id, refundId, cancellation);
    }
    throw Conflict(`Payments refused the refund: ${error.message}`, {
      code: 'REFUND_FAILED',
      details: { order_id: order.id, payments_code: error.code },
    });
  }
}

/** Whether the whole payment was refunded by refunds other than this cancellation's (staff's). */
async function refundedByAnother(deps: OrdersDeps, orderId: string, refundId: string): Promise<boolean> {
  const payment = await deps.payments.byOrder(orderId);
  return (
    payment !== undefined &&
    payment.status === 'refunded' &&
    !payment.refunds.some((refund) => refund.id === refundId)
  );
}

/**
 * Staff refunded the whole payment while this cancellation was on its way to payments: the refund
 * won. The order becomes `refunded` (as the refund's event would have made it, had the cancellation
 * not been under way), its stock stays sold, and the cancellation answers 409 `ORDER_REFUNDED`.
 */
async function yieldToRefund(
  deps: OrdersDeps,
  orderId: string,
  refundId: string,
  cancellation: Cancellation,
): Promise<never> {
  await deps.db.transaction(async (tx) => {
    const locked = await lockOrder(tx, orderId);
    if (locked.status !== 'paid' || locked.refundId !== refundId) return;
    await transition(tx, locked, {
      to: 'refunded',
      by: null,
      reason: 'refund',
      at: deps.now(),
      set: { refundId: null, cancelReason: null },
      traceParent: cancellation.traceParent,
    });
  });
  throw Conflict('This order was refunded in full meanwhile; there is nothing left to cancel', {
    code: 'ORDER_REFUNDED',
    details: { order_id: orderId },
  });
}

/**
 * POST /orders/{id}/cancel, by the owner or staff (others: 404). A paid order is refunded in full and
 * its stock returned, then cancelled; a pending one is still in checkout (409 `ORDER_IN_CHECKOUT`);
 * later states cannot be cancelled (409 `INVALID_TRANSITION`), nor one staff refunded in full while
 * the cancellation was on its way (409 `ORDER_REFUNDED`).
 */
export async function cancelOrder(
  deps: OrdersDeps,
  caller: Principal,
  id: string,
  input: CancelInput,
  traceParent?: string,
): Promise<Order> {
  const orderId = id.toLowerCase();
  const order = await findOrder(deps.db, orderId);
  if (!order || !maySee(caller, order)) throw orderNotFound();
  if (order.status === 'pending') {
    throw Conflict('This order is still being checked out; it can be cancelled once it is paid', {
      code: 'ORDER_IN_CHECKOUT',
    });
  }
  const reason = input.reason ?? (caller.user_id === order.customerId ? 'customer_request' : 'staff_request');
  await cancelPaidOrder(deps, orderId, { by: caller.user_id, reason, traceParent });
  deps.logger.info({ order_id: orderId, reason }, 'order cancelled');
  return loadOrder(deps.db, orderId);
}
