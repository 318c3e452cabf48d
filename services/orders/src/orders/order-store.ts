import { asc, eq, inArray } from 'drizzle-orm';
import type { Order } from '@bodega/contracts';
import type { Executor, Tx } from '@bodega/db';
import { NotFound } from '@bodega/errors';
import {
  orderHistory,
  orderLines,
  orders,
  type OrderHistoryRow,
  type OrderLineRow,
  type OrderRow,
} from '../db/schema.js';
import { toOrderJson } from './order-json.js';

export function orderNotFound() {
  return NotFound('No order with this id', { code: 'ORDER_NOT_FOUND' });
}

/** One order row, or undefined. */
export async function findOrder(db: Executor, id: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  return row;
}

/** One order row locked for the rest of the transaction, or undefined. */
export async function findOrderForUpdate(tx: Tx, id: string): Promise<OrderRow | undefined> {
  const [row] = await tx.select().from(orders).where(eq(orders.id, id)).for('update');
  return row;
}

/** One order row locked for the rest of the transaction, or 404 `ORDER_NOT_FOUND`. */
export async function lockOrder(tx: Tx, id: string): Promise<OrderRow> {
  const row = await findOrderForUpdate(tx, id);
  if (!row) throw orderNotFound();
  return row;
}

/** An order's lines, by product id (the calculator's order). */
export async function linesOfOrder(db: Executor, orderId: string): Promise<OrderLineRow[]> {
  return db
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
    .orderBy(asc(orderLines.productId));
}

/** An order's history, oldest first. */
export async function historyOf(db: Executor, orderId: string): Promise<OrderHistoryRow[]> {
  return db
    .select()
    .from(orderHistory)
    .where(eq(orderHistory.orderId, orderId))
    .orderBy(asc(orderHistory.id));
}

/** Orders with their lines and history: two queries for the whole page, whatever its size. */
export async function withDetails(db: Executor, rows: readonly OrderRow[]): Promise<Order[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [lines, history] = await Promise.all([
    db.select().from(orderLines).where(inArray(orderLines.orderId, ids)).orderBy(asc(orderLines.productId)),
    db.select().from(orderHistory).where(inArray(orderHistory.orderId, ids)).orderBy(asc(orderHistory.id)),
  ]);
  return rows.map((row) =>
    toOrderJson(
      row,
      lines.filter((line) => line.orderId === row.id),
      history.filter((entry) => entry.orderId === row.id),
    ),
  );
}

/** One order with its lines and history, or 404 `ORDER_NOT_FOUND`. */
export async function loadOrder(db: Executor, id: string): Promise<Order> {
  const row = await findOrder(db, id);
  if (!row) throw orderNotFound();
  const [order] = await withDetails(db, [row]);
  if (!order) throw orderNotFound();
  return order;
}
