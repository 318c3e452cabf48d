import { eq } from 'drizzle-orm';
import type { OrderStatus } from '@bodega/contracts';
import { newId, type Tx } from '@bodega/db';
import { orderHistory, orders, type OrderLineRow, type OrderRow } from '../db/schema.js';
import { releaseRedemption } from '../promotions/promotion-store.js';
import { recordCancelled, recordPlaced, recordStatusChanged } from './order-events.js';
import { linesOfOrder } from './order-store.js';
import { assertMayMove } from './status-machine.js';

export interface Transition {
  to: OrderStatus;
  /** The user who made the change; null for the platform (checkout, recovery, a payments event). */
  by: string | null;
  reason: string | null;
  at: Date;
  /** Columns set along with the status (the payment id when paid...). */
  set?: Partial<Pick<OrderRow, 'paymentId' | 'checkoutStep' | 'refundId' | 'cancelReason'>>;
  /** For a cancellation: whether money had been taken (default: whether the order was past pending). */
  wasPaid?: boolean;
  /** The order's lines, when the caller has read them already (they never change once it exists). */
  lines?: readonly OrderLineRow[];
  traceParent?: string | undefined;
}

/**
 * Moves a locked order along the status machine, in the caller's transaction: the row, a history
 * entry and `orders.order.status_changed`; `orders.order.placed` when it becomes paid;
 * `orders.order.cancelled` (and its promotion use given back) when it is cancelled. 409
 * `INVALID_TRANSITION` for a move the machine refuses, 409 `CANCELLATION_PENDING` for shipping or
 * delivering an order whose cancellation is under way (`assertMayMove`: the caller holds the lock).
 */
export async function transition(tx: Tx, order: OrderRow, change: Transition): Promise<OrderRow> {
  assertMayMove(order, change.to);
  const [after] = await tx
    .update(orders)
    .set({
      ...change.set,
      status: change.to,
      updatedAt: change.at,
      ...(change.to === 'cancelled' ? { cancelReason: change.reason ?? 'cancelled' } : {}),
    })
    .where(eq(orders.id, order.id))
    .returning();
  if (!after) throw new Error(`order ${order.id} vanished during its transition`);
  await tx.insert(orderHistory).values({
    id: newId(),
    orderId: order.id,
    status: change.to,
    at: change.at,
    changedBy: change.by,
    reason: change.reason,
  });
  const event = { ...change, from: order.status };
  await recordStatusChanged(tx, after, event);
  const lines = async () => change.lines ?? (await linesOfOrder(tx, order.id));
  if (change.to === 'paid') await recordPlaced(tx, after, await lines(), event);
  if (change.to === 'cancelled') {
    await releaseRedemption(tx, order.id);
    await recordCancelled(tx, after, await lines(), {
      ...event,
      wasPaid: change.wasPaid ?? order.status !== 'pending',
    });
  }
  return after;
}

/** A history note that changes nothing else (a partial refund): same status, a reason. */
export async function addHistoryNote(tx: Tx, order: OrderRow, reason: string, at: Date): Promise<void> {
  await tx.insert(orderHistory).values({
    id: newId(),
    orderId: order.id,
    status: order.status,
    at,
    changedBy: null,
    reason,
  });
  await tx.update(orders).set({ updatedAt: at }).where(eq(orders.id, order.id));
}
