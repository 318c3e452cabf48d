import { and, eq, ne, or } from 'drizzle-orm';
import type { Executor } from '@bodega/db';
import { AppError, Conflict } from '@bodega/errors';
import { categories, products, type NewProductRow, type ProductRow } from '../db/schema.js';
import { slugify, type ProductInput } from './product.js';

/** The row a new product becomes. */
export function newProductRow(id: string, input: ProductInput, now: Date): NewProductRow {
  return {
    id,
    slug: input.slug ?? slugify(input.name),
    name: input.name.trim(),
    description: input.description ?? '',
    categorySlug: input.category,
    sku: input.sku,
    priceAmount: input.price.amount,
    currency: input.price.currency,
    stockQty: input.stock_qty,
    images: input.images ?? [],
    attributes: input.attributes ?? {},
    active: input.active ?? true,
    createdAt: now,
    updatedAt: now,
  };
}

/** 422 `UNKNOWN_CATEGORY` unless the category exists: a product always sits in a real one. */
export async function assertCategoryExists(db: Executor, slug: string): Promise<void> {
  const [found] = await db
    .select({ slug: categories.slug })
    .from(categories)
    .where(eq(categories.slug, slug));
  if (!found) {
    throw new AppError('unprocessable', `No category "${slug}"; create it first`, {
      code: 'UNKNOWN_CATEGORY',
      details: { field: 'category' },
    });
  }
}

/**
 * 409 when another product (deleted ones included: slugs and SKUs are never reused) holds the slug
 * or the SKU. The unique indexes stay the final judge of a race; this names the field.
 */
export async function assertUnique(
  db: Executor,
  fields: { slug?: string | undefined; sku?: string | undefined },
  exceptId?: string,
): Promise<void> {
  const clashes = await db
    .select({ slug: products.slug, sku: products.sku })
    .from(products)
    .where(
      and(
        or(
          fields.slug === undefined ? undefined : eq(products.slug, fields.slug),
          fields.sku === undefined ? undefined : eq(products.sku, fields.sku),
        ),
        exceptId === undefined ? undefined : ne(products.id, exceptId),
      ),
    )
    .limit(2);
  if (clashes.some((clash) => clash.slug === fields.slug)) throw slugTaken();
  if (clashes.length > 0) throw skuTaken();
}

export function slugTaken() {
  return Conflict('Another product has this slug', { code: 'SLUG_TAKEN', details: { field: 'slug' } });
}

export function skuTaken() {
  return Conflict('Another product has this SKU', { code: 'SKU_TAKEN', details: { field: 'sku' } });
}

/** Whether a database error (or one it wraps) is a unique violation: a race the pre-check lost. */
export function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Object; current = (current as Error).cause) {
    if ((current as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** Runs a write; a unique violation that slipped past `assertUnique` is a 409, not a 500. */
export async function conflictOnRace<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw Conflict('Another product has this slug or SKU', { code: 'CONFLICT', cause: error });
    }
    throw error;
  }
}

/** Inserts a product unless its slug, SKU or id exists; undefined then. */
export async function insertProduct(db: Executor, row: NewProductRow): Promise<ProductRow | undefined> {
  const [created] = await db.insert(products).values(row).onConflictDoNothing().returning();
  return created;
}
