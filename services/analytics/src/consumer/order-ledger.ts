/**
 * The order ledger: every order event goes through here, in the consuming transaction. It locks the
 * order's row (created by whichever event of the order comes first), lets the handler change its
 * facts, then brings the rollups in line with them: the refunds each hour holds for the order
 * (order-money.ts), and a paid order's lines taken off the product rollup once when it is cancelled.
 */
import { eq } from 'drizzle-orm';
import type { Tx } from '@bodega/db';
import { orders, type OrderRow } from '../db/schema.js';
import { hourlyChanges, refundsByHour } from './order-money.js';
import { addProductHours, addSales, hourOf, type SalesChange } from './rollups.js';

/** The order's row, locked until the transaction ends; created empty when this is its first event. */
export async function lockOrder(tx: Tx, orderId: string, customerId: string): Promise<OrderRow> {
  await tx.insert(orders).values({ orderId, customerId }).onConflictDoNothing();
  const [row] = await tx.select().from(orders).where(eq(orders.orderId, orderId)).for('update');
  if (!row) throw new Error(`order ${orderId} vanished while locked`);
  return row;
}

/**
 * Saves the order's new facts and moves the rollups by exactly what they change, plus `sales` (a
 * placement's revenue and order count). The hourly sales row is the one every order of an hour
 * shares, so it is written last: its lock is held from that statement to the commit, not across
 * the transaction's other round trips, and concurrent orders of one hour wait on each other least.
 */
export async function settleOrder(tx: Tx, order: OrderRow, sales: SalesChange[] = []): Promise<void> {
  const target = refundsByHour({
    placedAt: order.placedAt?.toISOString() ?? null,
    total: order.total ?? 0,
    moneyBack: order.moneyBack,
  });
  let linesNetted = order.linesNetted;
  const { placedAt, cancelledPaidAt } = order;
  if (placedAt && cancelledPaidAt && !linesNetted) {
    const hour = hourOf(cancelledPaidAt > placedAt ? cancelledPaidAt : placedAt);
    await addProductHours(
      tx,
      (order.lines ?? []).map((line) => ({
        hour,
        productId: line.product_id,
        revenue: -line.quantity * line.unit_amount,
        units: -line.quantity,
      })),
    );
    linesNetted = true;
  }
  await tx
    .update(orders)
    .set({
      placedAt,
      total: order.total,
      lines: order.lines,
      moneyBack: order.moneyBack,
      cancelledPaidAt,
      refundsByHour: target,
      linesNetted,
    })
    .where(eq(orders.orderId, order.orderId));
  await addSales(tx, [
    ...sales,
    ...hourlyChanges(order.refundsByHour, target).map(([hour, refunds]) => ({
      hour: new Date(hour),
      refunds,
    })),
  ]);
}
