import type { OrderStatus } from '@bodega/contracts';
import { newId, type Executor } from '@bodega/db';
import { writeEvent } from '@bodega/events';
import { outbox, type OrderLineRow, type OrderRow } from '../db/schema.js';
import { moneyOf } from './order-json.js';

export interface Change {
  from: OrderStatus | null;
  to: OrderStatus;
  by: string | null;
  reason: string | null;
  at: Date;
  traceParent?: string | undefined;
}

const source = 'orders';
const trace = (change: Change) =>
  change.traceParent === undefined ? {} : { traceParent: change.traceParent };

/** `orders.order.status_changed`, for every move of the status machine (creation included, from null). */
export async function recordStatusChanged(tx: Executor, order: OrderRow, change: Change): Promise<void> {
  const id = newId();
  await writeEvent(tx, outbox, {
    id,
    type: 'orders.order.status_changed',
    source,
    occurredAt: change.at,
    ...trace(change),
    data: {
      event_id: id,
      occurred_at: change.at.toISOString(),
      order_id: order.id,
      customer_id: order.customerId,
      from: change.from,
      to: change.to,
      changed_by: change.by,
      reason: change.reason,
      total: moneyOf(order, order.total),
      changed_at: change.at.toISOString(),
    },
  });
}

/** `orders.order.placed`: paid, stock committed. */
export async function recordPlaced(
  tx: Executor,
  order: OrderRow,
  lines: readonly OrderLineRow[],
  change: Change,
): Promise<void> {
  const id = newId();
  await writeEvent(tx, outbox, {
    id,
    type: 'orders.order.placed',
    source,
    occurredAt: change.at,
    ...trace(change),
    data: {
      event_id: id,
      occurred_at: change.at.toISOString(),
      order_id: order.id,
      customer_id: order.customerId,
      items: lines.map((line) => ({
        product_id: line.productId,
        quantity: line.quantity,
        unit_price: moneyOf(order, line.unitPrice),
      })),
      total: moneyOf(order, order.total),
      placed_at: change.at.toISOString(),
    },
  });
}

/** `orders.order.cancelled`: the order ended unfulfilled; `was_paid` when money had been taken. */
export async function recordCancelled(
  tx: Executor,
  order: OrderRow,
  lines: readonly OrderLineRow[],
  change: Change & { wasPaid: boolean },
): Promise<void> {
  const id = newId();
  await writeEvent(tx, outbox, {
    id,
    type: 'orders.order.cancelled',
    source,
    occurredAt: change.at,
    ...trace(change),
    data: {
      event_id: id,
      occurred_at: change.at.toISOString(),
      order_id: order.id,
      customer_id: order.customerId,
      reason: change.reason ?? 'cancelled',
      was_paid: change.wasPaid,
      items: lines.map((line) => ({ product_id: line.productId, quantity: line.quantity })),
      total: moneyOf(order, order.total),
      cancelled_at: change.at.toISOString(),
    },
  });
}
