import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Payment } from '@bodega/contracts';
import type { Executor } from '@bodega/db';
import { orderVoids, payments, refunds, type PaymentRow, type RefundRow } from '../db/schema.js';
import { paymentNotFound, toPaymentJson } from './payment.js';

type Lock = { forUpdate?: boolean };

/** The payment of `orderId`, if any; locked for the rest of the transaction when `forUpdate`. */
export async function findPaymentByOrder(
  db: Executor,
  orderId: string,
  { forUpdate = false }: Lock = {},
): Promise<PaymentRow | undefined> {
  const query = db.select().from(payments).where(eq(payments.orderId, orderId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** The payment `id`, or NotFound `PAYMENT_NOT_FOUND`; locked when `forUpdate`. */
export async function getPaymentRow(db: Executor, id: string, { forUpdate = false }: Lock = {}) {
  const query = db.select().from(payments).where(eq(payments.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw paymentNotFound();
  return row;
}

/**
 * Serializes everything that decides an order's payment (authorization, void) until the transaction
 * ends, whether or not a payment row exists yet: a transaction-scoped advisory lock on the order id.
 */
export async function lockOrder(tx: Executor, orderId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`payments:order:${orderId}`}, 0))`);
}

/** What decides an authorization of the order: its payment, if any, and whether it was voided. */
export interface OrderPaymentState {
  payment: PaymentRow | undefined;
  voided: boolean;
}

/**
 * The order's payment and whether the order was voided before it had one, in one statement: an
 * authorization asks both before calling the provider and again under the order's lock.
 */
export async function orderPaymentState(db: Executor, orderId: string): Promise<OrderPaymentState> {
  const [row] = await db
    .select({
      payment: payments,
      voided: sql<boolean>`exists (select 1 from ${orderVoids} where ${orderVoids.orderId} = ${orderId})`,
    })
    .from(sql`(select 1) as the_order`)
    .leftJoin(payments, eq(payments.orderId, orderId));
  return { payment: row?.payment ?? undefined, voided: row?.voided === true };
}

/** The refund with this id (idempotency key), whichever payment it belongs to. */
export async function findRefund(db: Executor, id: string): Promise<RefundRow | undefined> {
  const [row] = await db.select().from(refunds).where(eq(refunds.id, id));
  return row;
}

/** The refunds of these payments, oldest first, by payment id; one query, none when nothing was refunded. */
export async function refundsOf(db: Executor, rows: PaymentRow[]): Promise<Map<string, RefundRow[]>> {
  const byPayment = new Map<string, RefundRow[]>();
  const refundedIds = rows.filter((row) => row.refunded > 0).map((row) => row.id);
  if (refundedIds.length === 0) return byPayment;
  const found = await db
    .select()
    .from(refunds)
    .where(inArray(refunds.paymentId, refundedIds))
    .orderBy(asc(refunds.createdAt), asc(refunds.id));
  for (const refund of found) {
    byPayment.set(refund.paymentId, [...(byPayment.get(refund.paymentId) ?? []), refund]);
  }
  return byPayment;
}

/** The payment as clients see it, its refunds read only when it has any. */
export async function paymentJson(db: Executor, row: PaymentRow): Promise<Payment> {
  const byPayment = await refundsOf(db, [row]);
  return toPaymentJson(row, byPayment.get(row.id) ?? []);
}
