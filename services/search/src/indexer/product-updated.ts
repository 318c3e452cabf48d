import { eq, sql } from 'drizzle-orm';
import type { EventData } from '@bodega/contracts';
import type { Tx } from '@bodega/db';
import { documentKeys, documents, lexicon, tombstones, type DocumentRow } from '../db/schema.js';
import { dictionaryWords } from '../query/words.js';

/**
 * What an update did to the index: nothing (older than what is held), only a document's stock within
 * the same availability (in stock before and after, or out of stock before and after), or anything
 * else. A stock-only change selects, orders and counts every search exactly as before: cached results
 * stay valid and are given each hit's live stock when read (query/search.ts). Every other change
 * (text, category, price, rating, images, the product active or not, in stock or not) can change
 * which products a search finds, their order or the facets, and must invalidate cached results.
 */
export type IndexChange = 'unchanged' | 'stock' | 'document';

/**
 * `catalog.product.updated`: upserts the document, only if the event's `updated_at` is not older than
 * the stored one (the external version), and not older than a deletion of the product. Replays and
 * out-of-order deliveries therefore never regress a document, and a late update never resurrects a
 * deleted product.
 */
export async function applyProductUpdated(
  tx: Tx,
  data: EventData<'catalog.product.updated'>,
  now: Date,
): Promise<IndexChange> {
  const updatedAt = new Date(data.updated_at);
  const [tombstone] = await tx
    .select({ deletedAt: tombstones.deletedAt })
    .from(tombstones)
    .where(eq(tombstones.productId, data.product_id));
  if (tombstone && tombstone.deletedAt.getTime() >= updatedAt.getTime()) return 'unchanged';
  // Locked, so it is the very state this update replaces (a concurrent update of the product waits).
  const [before] = await tx
    .select()
    .from(documents)
    .where(eq(documents.productId, data.product_id))
    .for('update');

  const fields = {
    slug: data.slug,
    name: data.name,
    description: data.description,
    category: data.category,
    sku: data.sku,
    priceAmount: data.price.amount,
    currency: data.price.currency,
    stockQty: data.stock_qty,
    images: data.images,
    ratingAverage: data.rating.average,
    ratingCount: data.rating.count,
    active: data.active,
    createdAt: new Date(data.created_at),
    updatedAt,
    indexedAt: now,
  };
  const written = await tx
    .insert(documents)
    .values({ productId: data.product_id, ...fields })
    .onConflictDoUpdate({
      target: documents.productId,
      set: fields,
      setWhere: sql`${documents.updatedAt} <= excluded.updated_at`,
    })
    .returning({ productId: documents.productId });
  if (written.length === 0) return 'unchanged';
  await writeKeys(tx, data.product_id);
  if (before && onlyStockMoved(before, fields)) return 'stock';
  // The name's words join the dictionary that misspelt queries are corrected against.
  const words = dictionaryWords(data.name);
  if (words.length > 0) {
    await tx
      .insert(lexicon)
      .values(words.map((word) => ({ word })))
      .onConflictDoNothing();
  }
  return 'document';
}

/** What an update may change while every cached search stays valid (see `IndexChange`). */
const STOCK_ONLY = new Set<string>(['stockQty', 'updatedAt', 'indexedAt']);

/**
 * Whether `after` differs from `before` in nothing a search selects, orders or counts by: every field
 * written is compared but the stock (whose availability must not change) and the bookkeeping times,
 * so a field added to documents invalidates cached results until it is listed here on purpose.
 */
function onlyStockMoved(
  before: DocumentRow,
  after: Omit<DocumentRow, 'productId' | 'searchVector'>,
): boolean {
  if (before.stockQty > 0 !== after.stockQty > 0) return false;
  return Object.entries(after).every(
    ([field, value]) => STOCK_ONLY.has(field) || sameValue(before[field as keyof DocumentRow], value),
  );
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === 'object' && a !== null) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/**
 * Copies the document's narrow half into `document_keys` (what searches read; db/schema.ts), the
 * search vector included, as PostgreSQL just generated it from the name and description.
 */
async function writeKeys(tx: Tx, productId: string): Promise<void> {
  const keys = {
    productId: documents.productId,
    active: documents.active,
    category: documents.category,
    priceAmount: documents.priceAmount,
    stockQty: documents.stockQty,
    ratingAverage: documents.ratingAverage,
    ratingCount: documents.ratingCount,
    createdAt: documents.createdAt,
    searchVector: documents.searchVector,
  };
  await tx
    .insert(documentKeys)
    .select(tx.select(keys).from(documents).where(eq(documents.productId, productId)))
    .onConflictDoUpdate({
      target: documentKeys.productId,
      set: {
        active: sql`excluded.active`,
        category: sql`excluded.category`,
        priceAmount: sql`excluded.price_amount`,
        stockQty: sql`excluded.stock_qty`,
        ratingAverage: sql`excluded.rating_average`,
        ratingCount: sql`excluded.rating_count`,
        createdAt: sql`excluded.created_at`,
        searchVector: sql`excluded.search_vector`,
      },
    });
}
