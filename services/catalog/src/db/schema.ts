import { sql } from 'drizzle-orm';
import { outboxTable } from '@bodega/events';
import {
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

/** Every catalog table lives in the `catalog` PostgreSQL schema (one PGlite can host all services). */
export const catalogSchema = pgSchema('catalog');

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const categories = catalogSchema.table('categories', {
  slug: text('slug').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

export const products = catalogSchema.table(
  'products',
  {
    /** UUIDv7: creation order, which is also the keyset order of the product list. */
    id: uuid('id').primaryKey(),
    /** Unique across deleted products too, so a link to a deleted product never shows another one. */
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    categorySlug: text('category_slug')
      .notNull()
      .references(() => categories.slug),
    sku: text('sku').notNull(),
    priceAmount: integer('price_amount').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    stockQty: integer('stock_qty').notNull(),
    images: jsonb('images').$type<string[]>().notNull().default([]),
    attributes: jsonb('attributes').$type<Record<string, string | number | boolean>>().notNull().default({}),
    active: boolean('active').notNull().default(true),
    /** Sum and count of the ratings of visible reviews, kept in the review's transaction. */
    ratingSum: integer('rating_sum').notNull().default(0),
    ratingCount: integer('rating_count').notNull().default(0),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
    /** Set by DELETE: the row stays (orders and reviews point at it) but nobody sees it any more. */
    deletedAt: timestamptz('deleted_at'),
  },
  (table) => [
    uniqueIndex('products_slug_key').on(table.slug),
    uniqueIndex('products_sku_key').on(table.sku),
    // The list's filters and keyset order, over the rows the public can see.
    index('products_category_list_idx')
      .on(table.categorySlug, table.id)
      .where(sql`${table.deletedAt} is null`),
    index('products_price_idx')
      .on(table.priceAmount)
      .where(sql`${table.deletedAt} is null`),
    index('products_live_list_idx')
      .on(table.id)
      .where(sql`${table.deletedAt} is null and ${table.active}`),
    check('products_price_check', sql`${table.priceAmount} >= 0`),
    check('products_stock_check', sql`${table.stockQty} >= 0`),
    check('products_rating_check', sql`${table.ratingSum} >= 0 and ${table.ratingCount} >= 0`),
  ],
);

export const reviews = catalogSchema.table(
  'reviews',
  {
    id: uuid('id').primaryKey(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    authorId: uuid('author_id').notNull(),
    authorName: text('author_name'),
    rating: integer('rating').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['visible', 'hidden'] }).notNull(),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
    /** Deleted reviews stay for the record; a new review by the same author may then be written. */
    deletedAt: timestamptz('deleted_at'),
  },
  (table) => [
    // One live review per author and product: the index decides between two racing posts.
    uniqueIndex('reviews_one_per_author_key')
      .on(table.productId, table.authorId)
      .where(sql`${table.deletedAt} is null`),
    index('reviews_product_list_idx')
      .on(table.productId, table.id)
      .where(sql`${table.deletedAt} is null`),
    check('reviews_rating_check', sql`${table.rating} between 1 and 5`),
    check('reviews_status_check', sql`${table.status} in ('visible', 'hidden')`),
  ],
);

/** The states of a stock hold (contracts `ReservationStatus`). */
export const reservationStatuses = ['held', 'committed', 'released', 'expired', 'returned'] as const;

/**
 * Stock holds. `products.stock_qty` is what can be sold now: taking a hold decrements it, releasing
 * or expiring gives it back, committing changes nothing (the units are sold), returning gives it back.
 */
export const reservations = catalogSchema.table(
  'reservations',
  {
    /** The order's id, chosen by the caller: a retried hold finds the one it already made. */
    id: uuid('id').primaryKey(),
    status: text('status', { enum: reservationStatuses }).notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (table) => [
    // The sweeper's query: live holds past their expiry, oldest first; committed and done rows stay out of it.
    index('reservations_held_expiry_idx')
      .on(table.expiresAt)
      .where(sql`${table.status} = 'held'`),
    check(
      'reservations_status_check',
      sql`${table.status} in ('held', 'committed', 'released', 'expired', 'returned')`,
    ),
  ],
);

/** The lines of a hold: one per product (a request naming a product twice is refused). */
export const reservationItems = catalogSchema.table(
  'reservation_items',
  {
    reservationId: uuid('reservation_id')
      .notNull()
      .references(() => reservations.id),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    quantity: integer('quantity').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.reservationId, table.productId] }),
    check('reservation_items_quantity_check', sql`${table.quantity} > 0`),
  ],
);

export type CategoryRow = typeof categories.$inferSelect;
export type ProductRow = typeof products.$inferSelect;
export type NewProductRow = typeof products.$inferInsert;
export type ReviewRow = typeof reviews.$inferSelect;
export type ReservationRow = typeof reservations.$inferSelect;
export type ReservationItemRow = typeof reservationItems.$inferSelect;

/** Events written in the same transaction as the change they announce; the relay publishes them. */
export const outbox = outboxTable(catalogSchema);
