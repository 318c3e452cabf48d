import { eq, sql } from 'drizzle-orm';
import type { EventData } from '@bodega/contracts';
import type { Tx } from '@bodega/db';
import { documentKeys, documents, lexicon, tombstones } from '../db/schema.js';
import { dictionaryWords } from '../query/words.js';

/**
 * `catalog.product.updated`: upserts the document, only if the event's `updated_at` is not older than
 * the stored one (the external version), and not older than a deletion of the product. Replays and
 * out-of-order deliveries therefore never regress a document, and a late update never resurrects a
 * deleted product. Resolves to whether the index changed.
 */
export async function applyProductUpdated(
  tx: Tx,
  data: EventData<'catalog.product.updated'>,
  now: Date,
): Promise<boolean> {
  const updatedAt = new Date(data.updated_at);
  const [tombstone] = await tx
    .select({ deletedAt: tombstones.deletedAt })
    .from(tombstones)
    .where(eq(tombstones.productId, data.product_id));
  if (tombstone && tombstone.deletedAt.getTime() >= updatedAt.getTime()) return false;

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
  if (written.length === 0) return false;
  await writeKeys(tx, data.product_id);
  // The name's words join the dictionary that misspelt queries are corrected against.
  const words = dictionaryWords(data.name);
  if (words.length > 0) {
    await tx
      .insert(lexicon)
      .values(words.map((word) => ({ word })))
      .onConflictDoNothing();
  }
  return true;
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
