import { sql } from 'drizzle-orm';
import { outboxTable } from '@bodega/events';
import {
  bigint,
  char,
  check,
  index,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Every payments table lives in the `payments` PostgreSQL schema (one PGlite can host all services). */
export const paymentsSchema = pgSchema('payments');

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
// Minor units. bigint: an order total may pass int4's 21 million dollars; `number` mode is exact up to
// 2^53, far above the largest amount accepted (MAX_AMOUNT).
const minorUnits = (name: string) => bigint(name, { mode: 'number' });

export const payments = paymentsSchema.table(
  'payments',
  {
    /** UUIDv7: creation order, which is also the keyset order of the list. */
    id: uuid('id').primaryKey(),
    /** The order paid: the idempotency key of authorization, one payment per order. */
    orderId: uuid('order_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    status: text('status', {
      enum: ['authorized', 'captured', 'declined', 'voided', 'partially_refunded', 'refunded'],
    }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    amount: minorUnits('amount').notNull(),
    captured: minorUnits('captured').notNull().default(0),
    refunded: minorUnits('refunded').notNull().default(0),
    /** The card number itself is never stored. */
    cardLast4: char('card_last4', { length: 4 }).notNull(),
    declineReason: text('decline_reason'),
    voidReason: text('void_reason'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (table) => [
    uniqueIndex('payments_order_key').on(table.orderId),
    // The list's keyset order (newest first), for a customer's own and for staff filtering by status.
    index('payments_customer_list_idx').on(table.customerId, table.id),
    index('payments_status_list_idx').on(table.status, table.id),
    check('payments_amount_check', sql`${table.amount} > 0`),
    check(
      'payments_money_check',
      sql`0 <= ${table.refunded} and ${table.refunded} <= ${table.captured} and ${table.captured} <= ${table.amount}`,
    ),
    check(
      'payments_status_check',
      sql`${table.status} in ('authorized', 'captured', 'declined', 'voided', 'partially_refunded', 'refunded')`,
    ),
  ],
);

export const refunds = paymentsSchema.table(
  'refunds',
  {
    /** The caller's idempotency key (`refund_id`, or the `Idempotency-Key` header): one refund per key. */
    id: uuid('id').primaryKey(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id),
    amount: minorUnits('amount').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    reason: text('reason'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (table) => [
    index('refunds_payment_idx').on(table.paymentId, table.createdAt),
    check('refunds_amount_check', sql`${table.amount} > 0`),
  ],
);

/**
 * Orders voided before any payment existed (a checkout that gave up, e.g. after a timeout): an
 * authorization arriving afterwards is refused, so such an order can never be charged.
 */
export const orderVoids = paymentsSchema.table('order_voids', {
  orderId: uuid('order_id').primaryKey(),
  reason: text('reason'),
  voidedAt: timestamptz('voided_at').notNull(),
});

export type PaymentRow = typeof payments.$inferSelect;
export type NewPaymentRow = typeof payments.$inferInsert;
export type RefundRow = typeof refunds.$inferSelect;

/** Events written in the same transaction as the change they announce; the relay publishes them. */
export const outbox = outboxTable(paymentsSchema);
