import { sql } from 'drizzle-orm';
import { inboxTable, outboxTable } from '@bodega/events';
import {
  bigint,
  boolean,
  char,
  check,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { OrderStatus, ShippingAddress } from '@bodega/contracts';

/** Every orders table lives in the `orders` PostgreSQL schema (one PGlite can host all services). */
export const ordersSchema = pgSchema('orders');

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
// Line totals reach 999 x 100,000,000 minor units: past a 32-bit integer, well within a safe JS number.
const money = (name: string) => bigint(name, { mode: 'number' });

/**
 * A cart: a customer's (one per customer) or a guest's, reached by a random token of which only the
 * SHA-256 is kept, so a database leak does not hand out carts.
 */
export const carts = ordersSchema.table(
  'carts',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id'),
    tokenHash: text('token_hash'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (table) => [
    uniqueIndex('carts_customer_key')
      .on(table.customerId)
      .where(sql`${table.customerId} is not null`),
    uniqueIndex('carts_token_key')
      .on(table.tokenHash)
      .where(sql`${table.tokenHash} is not null`),
    check('carts_owner_check', sql`(${table.customerId} is null) <> (${table.tokenHash} is null)`),
  ],
);

/** A cart line keeps the unit price of when it was added: a later change is shown, never charged silently. */
export const cartLines = ordersSchema.table(
  'cart_lines',
  {
    cartId: uuid('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: integer('unit_price').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    addedAt: timestamptz('added_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.cartId, table.productId] }),
    check('cart_lines_quantity_check', sql`${table.quantity} between 1 and 999`),
  ],
);

/** Promotion codes as managers define them; `uses` counts redemptions of orders placed or in checkout. */
export const promotions = ordersSchema.table(
  'promotions',
  {
    code: text('code').primaryKey(),
    description: text('description').notNull(),
    kind: text('kind', { enum: ['percentage', 'fixed'] }).notNull(),
    value: integer('value').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    minSubtotal: money('min_subtotal').notNull(),
    startsAt: timestamptz('starts_at'),
    endsAt: timestamptz('ends_at'),
    maxUses: integer('max_uses'),
    maxUsesPerCustomer: integer('max_uses_per_customer'),
    uses: integer('uses').notNull().default(0),
    active: boolean('active').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (table) => [
    check('promotions_kind_check', sql`${table.kind} in ('percentage', 'fixed')`),
    check('promotions_uses_check', sql`${table.uses} >= 0`),
  ],
);

/** One row per order using a code; removed when the order is cancelled, so the code can be used again. */
export const promotionRedemptions = ordersSchema.table(
  'promotion_redemptions',
  {
    orderId: uuid('order_id').primaryKey(),
    code: text('code')
      .notNull()
      .references(() => promotions.code),
    customerId: uuid('customer_id').notNull(),
    createdAt: timestamptz('created_at').notNull(),
  },
  (table) => [index('promotion_redemptions_customer_idx').on(table.code, table.customerId)],
);

/** Tax by destination country (ISO 3166-1 alpha-2), in basis points; seeded by the first migration. */
export const taxRates = ordersSchema.table('tax_rates', {
  country: char('country', { length: 2 }).primaryKey(),
  rateBps: integer('rate_bps').notNull(),
});

/**
 * Where a checkout saga stands: `created` until it is paid, then `done`. The steps between are not
 * recorded (catalog and payments, asked by order id, know them); rows written before that may hold them.
 */
export type CheckoutStep = 'created' | 'reserved' | 'authorized' | 'committed' | 'captured' | 'done';

/**
 * Orders. While `pending`, a non-null `cancel_reason` says the saga decided to cancel but a
 * compensation has not finished yet (recovery then only compensates).
 * While `paid`, a non-null `refund_id` says a cancellation started (its reason in `cancel_reason`).
 */
export const orders = ordersSchema.table(
  'orders',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').notNull(),
    status: text('status').$type<OrderStatus>().notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    subtotal: money('subtotal').notNull(),
    discount: money('discount').notNull(),
    tax: money('tax').notNull(),
    shipping: money('shipping').notNull(),
    total: money('total').notNull(),
    taxRateBps: integer('tax_rate_bps').notNull(),
    promoCode: text('promo_code'),
    shippingAddress: jsonb('shipping_address').$type<ShippingAddress>(),
    paymentId: uuid('payment_id'),
    cancelReason: text('cancel_reason'),
    checkoutStep: text('checkout_step').$type<CheckoutStep>().notNull(),
    /** The cart the order was checked out from (its lines are cleared when it is paid). */
    cartId: uuid('cart_id'),
    /** The refund id sent to payments when a paid order is cancelled: a retried cancel refunds once. */
    refundId: uuid('refund_id'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (table) => [
    index('orders_customer_idx').on(table.customerId, table.id),
    index('orders_status_idx').on(table.status, table.id),
    // Recovery's scan: only pending orders, oldest touch first.
    index('orders_pending_idx')
      .on(table.updatedAt)
      .where(sql`${table.status} = 'pending'`),
    // Recovery's scan of paid orders whose cancellation (refund, stock return) did not finish.
    index('orders_cancelling_idx')
      .on(table.updatedAt)
      .where(sql`${table.status} = 'paid' and ${table.refundId} is not null`),
    check(
      'orders_status_check',
      sql`${table.status} in ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')`,
    ),
    check('orders_totals_check', sql`${table.total} >= 0 and ${table.subtotal} >= ${table.discount}`),
  ],
);

export const orderLines = ordersSchema.table(
  'order_lines',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    name: text('name').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: money('unit_price').notNull(),
    lineTotal: money('line_total').notNull(),
  },
  (table) => [primaryKey({ columns: [table.orderId, table.productId] })],
);

/** Every status an order went through: who, when, why. Ids are UUIDv7, so they sort in time order. */
export const orderHistory = ordersSchema.table(
  'order_history',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    status: text('status').$type<OrderStatus>().notNull(),
    at: timestamptz('at').notNull(),
    changedBy: uuid('changed_by'),
    reason: text('reason'),
  },
  (table) => [index('order_history_order_idx').on(table.orderId, table.id)],
);

/**
 * Idempotency keys of POST /orders and POST /checkout, per customer. `request_hash` ties a key to
 * one request; the stored response is replayed as is. `order_id` is set in the transaction that
 * creates the order, so a key whose checkout died before it holds nothing and may be reaped.
 */
export const idempotencyKeys = ordersSchema.table(
  'idempotency_keys',
  {
    customerId: uuid('customer_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: ['in_progress', 'done'] }).notNull(),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    orderId: uuid('order_id'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.customerId, table.key] }),
    index('idempotency_keys_open_idx')
      .on(table.updatedAt)
      .where(sql`${table.state} = 'in_progress'`),
    index('idempotency_keys_order_idx').on(table.orderId),
    check('idempotency_keys_state_check', sql`${table.state} in ('in_progress', 'done')`),
  ],
);

export type CartRow = typeof carts.$inferSelect;
export type CartLineRow = typeof cartLines.$inferSelect;
export type PromotionRow = typeof promotions.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type OrderHistoryRow = typeof orderHistory.$inferSelect;
export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

/** Events written in the same transaction as the change they announce; the relay publishes them. */
export const outbox = outboxTable(ordersSchema);
/** Events this service handled (payments refunds), written with their effects. */
export const inbox = inboxTable(ordersSchema);
