import { sql } from 'drizzle-orm';
import { inboxTable } from '@bodega/events';
import {
  bigint,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** Every search table lives in the `search` PostgreSQL schema (one PGlite can host all services). */
export const searchSchema = pgSchema('search');

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The text search configuration of the weighted vector and of every query against it: English
 * stemming ("cups" finds "cup"); typo tolerance comes from pg_trgm on the name, not from here.
 */
export const TEXT_SEARCH_CONFIG = 'english';

/**
 * One searchable product, as catalog last described it. `updated_at` is the external version: an
 * update older than it is ignored, so replays and out-of-order deliveries never regress a document.
 * Inactive products stay (their version still matters) but never appear in results.
 */
export const documents = searchSchema.table(
  'documents',
  {
    productId: uuid('product_id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    category: text('category').notNull(),
    sku: text('sku').notNull(),
    priceAmount: bigint('price_amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    stockQty: integer('stock_qty').notNull(),
    images: jsonb('images').$type<string[]>().notNull(),
    ratingAverage: doublePrecision('rating_average').notNull(),
    ratingCount: integer('rating_count').notNull(),
    active: boolean('active').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
    indexedAt: timestamptz('indexed_at').notNull(),
    /** Name weighs A, description B: ts_rank puts a name match above a description match. */
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql.raw(
        `setweight(to_tsvector('english', coalesce("name", '')), 'A') || setweight(to_tsvector('english', coalesce("description", '')), 'B')`,
      ),
    ),
  },
  // Searches read `document_keys`, not this table. Recommendations top up with the newest products
  // that have no popularity yet, of a category or of all: they walk these in order and stop at the
  // few they need (sorting every document of a category for four of them took 80-270 ms on 100,000).
  // Neither holds a column a product update changes, so those updates stay HOT.
  (table) => [
    index('documents_category_newest_idx').on(table.category, table.createdAt.desc(), table.productId),
    index('documents_newest_idx').on(table.createdAt.desc(), table.productId),
  ],
);

/**
 * The narrow half of each document: what a search matches, filters, sorts and counts facets on, copied
 * from `documents` (vector included) by the indexer in the transaction that writes the document. A word
 * found in one product in seven (a brand) makes a search count facets over 14,000 rows of 100,000:
 * visiting their pages is most of the search's time, and here they fill 4,300 pages where the whole
 * documents (descriptions, images, slugs) filled 7,700. A page of results then joins its 20 documents.
 */
export const documentKeys = searchSchema.table(
  'document_keys',
  {
    productId: uuid('product_id')
      .primaryKey()
      .references(() => documents.productId, { onDelete: 'cascade' }),
    active: boolean('active').notNull(),
    category: text('category').notNull(),
    priceAmount: bigint('price_amount', { mode: 'number' }).notNull(),
    stockQty: integer('stock_qty').notNull(),
    ratingAverage: doublePrecision('rating_average').notNull(),
    ratingCount: integer('rating_count').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    searchVector: tsvector('search_vector').notNull(),
  },
  (table) => [
    // No pending list (fastupdate): with it, new entries wait in an unsorted list of up to 4 MB that
    // every search scans whole until VACUUM or the limit merges it (250 pages after the bench's
    // seeding). Without, each insert writes its entries into the index: a little more indexer work.
    index('document_keys_search_vector_idx').using('gin', table.searchVector).with({ fastupdate: false }),
    index('document_keys_category_idx').on(table.category),
    index('document_keys_price_idx').on(table.priceAmount),
    index('document_keys_created_idx').on(table.createdAt),
    // Read backwards for `rating_average desc, rating_count desc` (DESC is NULLS FIRST, like a backward scan).
    index('document_keys_rating_idx').on(table.ratingAverage, table.ratingCount),
  ],
);

/**
 * Products catalog deleted, and when: an update older than the deletion (a late or replayed one)
 * must not bring the document back.
 */
export const tombstones = searchSchema.table('tombstones', {
  productId: uuid('product_id').primaryKey(),
  deletedAt: timestamptz('deleted_at').notNull(),
});

/**
 * Popularity inputs per product. `score_log` is the natural log of the decayed score measured at the
 * fixed epoch (see indexer/popularity.ts): comparing it compares the current decayed scores, and it
 * never overflows.
 */
export const popularity = searchSchema.table(
  'popularity',
  {
    productId: uuid('product_id').primaryKey(),
    views: bigint('views', { mode: 'number' }).notNull().default(0),
    unitsOrdered: bigint('units_ordered', { mode: 'number' }).notNull().default(0),
    scoreLog: doublePrecision('score_log').notNull(),
  },
  // The most popular first, for recommendations' fallback (recommend-sql.ts `popular`).
  (table) => [index('popularity_score_idx').on(table.scoreLog.desc())],
);

/** How often two products were viewed by one viewer, or bought in one order; stored in both directions. */
export const coOccurrences = searchSchema.table(
  'co_occurrences',
  {
    productA: uuid('product_a').notNull(),
    productB: uuid('product_b').notNull(),
    kind: text('kind', { enum: ['viewed', 'bought'] }).notNull(),
    count: integer('count').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.productA, table.kind, table.productB] }),
    check('co_occurrences_kind_check', sql`${table.kind} in ('viewed', 'bought')`),
  ],
);

/**
 * What a viewer (`c:<customer id>` or `s:<session id>`) recently viewed (the last 10) or bought (the
 * last 20): the other half of each new co-view, and the seeds of personal recommendations.
 */
export const viewerHistory = searchSchema.table(
  'viewer_history',
  {
    viewer: text('viewer').notNull(),
    kind: text('kind', { enum: ['viewed', 'bought'] }).notNull(),
    productId: uuid('product_id').notNull(),
    at: timestamptz('at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.viewer, table.kind, table.productId] }),
    index('viewer_history_recent_idx').on(table.viewer, table.kind, table.at),
    check('viewer_history_kind_check', sql`${table.kind} in ('viewed', 'bought')`),
  ],
);

/**
 * Every word ever seen in a product name (lowercased letters and digits), under a trigram index: the
 * dictionary a misspelt query word is corrected against. Small (thousands of words for 100,000
 * products), so a correction costs far less than comparing the query with every name. Words are never
 * removed: a word whose products are gone only corrects to a query that matches nothing more.
 */
export const lexicon = searchSchema.table(
  'lexicon',
  { word: text('word').primaryKey() },
  // pg_trgm lives in `public`: the migration says `public.gin_trgm_ops` (edited by hand after generate).
  (table) => [index('lexicon_word_trgm_idx').using('gin', table.word.op('gin_trgm_ops'))],
);

/** Events this service handled, written with their effects: redeliveries apply once. */
export const inbox = inboxTable(searchSchema);

export type DocumentRow = typeof documents.$inferSelect;
