import { sql } from 'drizzle-orm';
import { inboxTable } from '@bodega/events';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { EventEnvelope } from '@bodega/contracts';
import type { MoneyBack, RefundsByHour } from '../consumer/order-money.js';

/** Every analytics table lives in the `analytics` PostgreSQL schema (one PGlite can host all services). */
export const analyticsSchema = pgSchema('analytics');

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const money = (name: string) => bigint(name, { mode: 'number' });

/** The beacon types, in the order the README lists them. */
export const TRACKED_TYPES = [
  'page_view',
  'product_view',
  'add_to_cart',
  'remove_from_cart',
  'begin_checkout',
  'search',
] as const;

/**
 * Every behaviour beacon accepted, raw: the source the session funnel is built from, kept so a new
 * figure can be computed over history. Appended in batches (one multi-row insert per request).
 */
export const trackedEvents = analyticsSchema.table(
  'tracked_events',
  {
    id: uuid('id').primaryKey(),
    sessionId: text('session_id').notNull(),
    /** The signed-in caller who sent it, if any. */
    userId: uuid('user_id'),
    type: text('type', { enum: TRACKED_TYPES }).notNull(),
    productId: uuid('product_id'),
    properties: jsonb('properties').$type<Record<string, string | number | boolean | null>>(),
    occurredAt: timestamptz('occurred_at').notNull(),
    receivedAt: timestamptz('received_at').notNull(),
  },
  (table) => [
    index('tracked_events_occurred_idx').on(table.occurredAt),
    check(
      'tracked_events_type_check',
      sql.raw(`"type" in (${TRACKED_TYPES.map((type) => `'${type}'`).join(', ')})`),
    ),
  ],
);

/**
 * One row per browser session: when it started and when it first reached each funnel step, kept up to
 * date as beacons (and catalog's server-side product views) arrive, in any order (`least`). The funnel
 * reads these, not the raw events: a session is a few dozen events, so it scans far fewer rows.
 */
export const sessions = analyticsSchema.table(
  'sessions',
  {
    sessionId: text('session_id').primaryKey(),
    /** The last signed-in user seen in the session: who a `paid` step is matched against. */
    userId: uuid('user_id'),
    startedAt: timestamptz('started_at').notNull(),
    viewedAt: timestamptz('viewed_at'),
    cartedAt: timestamptz('carted_at'),
    checkoutAt: timestamptz('checkout_at'),
  },
  (table) => [index('sessions_started_idx').on(table.startedAt)],
);

/** One line of a placed order, as analytics keeps it (to net a cancelled order's products). */
export interface OrderLineFact {
  product_id: string;
  quantity: number;
  unit_amount: number;
}

/**
 * What analytics knows of each order, from whichever of its events arrived (placed, cancelled,
 * refunded, in any order). `refunds_by_hour` is what the sales rollup holds for it, so a late event
 * moves exactly the difference (see consumer/order-money.ts).
 */
export const orders = analyticsSchema.table(
  'orders',
  {
    orderId: uuid('order_id').primaryKey(),
    customerId: uuid('customer_id').notNull(),
    /** Null until `orders.order.placed` arrives: an order never placed counts nowhere. */
    placedAt: timestamptz('placed_at'),
    total: money('total'),
    lines: jsonb('lines').$type<OrderLineFact[]>(),
    /** Its refunds and its paid cancellation (amount null), as they arrived. */
    moneyBack: jsonb('money_back').$type<MoneyBack[]>().notNull().default([]),
    /** When it was cancelled after payment (`was_paid`), if it was. */
    cancelledPaidAt: timestamptz('cancelled_paid_at'),
    refundsByHour: jsonb('refunds_by_hour').$type<RefundsByHour>().notNull().default({}),
    /** Whether its lines were taken off the product rollup (a paid order cancelled). */
    linesNetted: boolean('lines_netted').notNull().default(false),
  },
  (table) => [
    index('orders_placed_idx').on(table.placedAt),
    // Returning customers and the funnel's paid step: a customer's orders by time.
    index('orders_customer_idx').on(table.customerId, table.placedAt),
  ],
);

/** Customers registered (`identity.user.registered` with role customer), for new-customer counts. */
export const customers = analyticsSchema.table(
  'customers',
  {
    customerId: uuid('customer_id').primaryKey(),
    registeredAt: timestamptz('registered_at').notNull(),
  },
  (table) => [index('customers_registered_idx').on(table.registeredAt)],
);

/**
 * Sales per UTC hour, in the shop's currency: updated in the transaction that applies each order or
 * refund event; reports add hours up into their buckets at query time.
 */
export const salesHourly = analyticsSchema.table('sales_hourly', {
  hour: timestamptz('hour').primaryKey(),
  revenue: money('revenue').notNull().default(0),
  refunds: money('refunds').notNull().default(0),
  orders: integer('orders').notNull().default(0),
});

/** Revenue, units sold and product-page views per product and UTC hour. */
export const productHourly = analyticsSchema.table(
  'product_hourly',
  {
    hour: timestamptz('hour').notNull(),
    productId: uuid('product_id').notNull(),
    revenue: money('revenue').notNull().default(0),
    units: integer('units').notNull().default(0),
    views: integer('views').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.hour, table.productId] })],
);

/** Events applied as nothing because their money is not in the shop's currency, for operators to see. */
export const refusedEvents = analyticsSchema.table('refused_events', {
  eventId: uuid('event_id').primaryKey(),
  type: text('type').notNull(),
  reason: text('reason').notNull(),
  envelope: jsonb('envelope').$type<EventEnvelope>().notNull(),
  refusedAt: timestamptz('refused_at').notNull(),
});

/** Events this service handled, written with their effects: redeliveries apply once. */
export const inbox = inboxTable(analyticsSchema);

export type OrderRow = typeof orders.$inferSelect;
