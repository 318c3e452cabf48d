import { Type, type Static } from '@sinclair/typebox';
import { inArray } from 'drizzle-orm';
import { newId } from '@bodega/db';
import { AppError } from '@bodega/errors';
import { CategoryInput } from '../categories/category.js';
import { categories, products } from '../db/schema.js';
import type { CatalogDeps } from '../deps.js';
import { ProductInput } from '../products/product.js';
import { recordProductUpdated } from '../products/product-events.js';
import { newProductRow } from '../products/product-writes.js';

export const MAX_BATCH_PRODUCTS = 1_000;

/** POST /internal/products/batch: categories and products to ensure, in the public input shapes. */
export const BatchInput = Type.Object(
  {
    categories: Type.Array(CategoryInput, { maxItems: 100 }),
    products: Type.Array(ProductInput, { maxItems: MAX_BATCH_PRODUCTS }),
  },
  { additionalProperties: false },
);
export type BatchInput = Static<typeof BatchInput>;

/** Products created and skipped (their slug or SKU existed); the same counts for the categories. */
export const BatchResult = Type.Object({
  created: Type.Integer({ minimum: 0, description: 'Products inserted' }),
  skipped: Type.Integer({ minimum: 0, description: 'Products that existed (slug or SKU taken)' }),
  categories: Type.Object({ created: Type.Integer({ minimum: 0 }), skipped: Type.Integer({ minimum: 0 }) }),
});
export type BatchResult = Static<typeof BatchResult>;

/**
 * Inserts the categories and products that do not exist yet (a product whose slug or SKU exists is
 * skipped), each new product announced through the outbox, all in one transaction: a batch lands
 * whole or not at all, and running it twice changes nothing (seeding is re-runnable).
 */
export async function insertBatch(
  deps: CatalogDeps,
  batch: BatchInput,
  traceParent?: string,
): Promise<BatchResult> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const newCategories =
      batch.categories.length === 0
        ? []
        : await tx
            .insert(categories)
            .values(
              batch.categories.map((category) => ({
                slug: category.slug,
                name: category.name.trim(),
                description: category.description ?? '',
                createdAt: now,
                updatedAt: now,
              })),
            )
            .onConflictDoNothing()
            .returning({ slug: categories.slug });

    const wanted = [...new Set(batch.products.map((product) => product.category))];
    const known =
      wanted.length === 0
        ? []
        : await tx.select({ slug: categories.slug }).from(categories).where(inArray(categories.slug, wanted));
    const missing = wanted.filter((slug) => !known.some((row) => row.slug === slug));
    if (missing.length > 0) {
      throw new AppError('unprocessable', 'Some products name categories that do not exist', {
        code: 'UNKNOWN_CATEGORY',
        details: { categories: missing },
      });
    }

    const created =
      batch.products.length === 0
        ? []
        : await tx
            .insert(products)
            .values(batch.products.map((product) => newProductRow(newId(), product, now)))
            .onConflictDoNothing()
            .returning();
    for (const row of created) await recordProductUpdated(tx, row, now, traceParent);
    return {
      created: created.length,
      skipped: batch.products.length - created.length,
      categories: {
        created: newCategories.length,
        skipped: batch.categories.length - newCategories.length,
      },
    };
  });
}
