import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@bodega/db';
import { NotFound } from '@bodega/errors';
import { products, type ProductRow } from '../db/schema.js';
import type { ProductRef } from './product.js';

/**
 * The `updated_at` a write stamps on a product row: `now`, or one millisecond past what the row
 * holds when that is later. Writers take `now` before they wait for the row lock, so a write that
 * commits second could otherwise carry the older time, and readers that keep the newest version
 * (search applies an update only if it is not older than what it holds) would keep the wrong one.
 * Under the lock this makes a product's versions strictly increase in commit order, whatever the
 * clocks of the catalog replicas say. Milliseconds, because events carry them in ISO form.
 */
export function nextVersion(now: Date): SQL<Date> {
  return sql`greatest(${now.toISOString()}::timestamptz, ${products.updatedAt} + interval '1 millisecond')`.mapWith(
    products.updatedAt,
  );
}

export function productNotFound() {
  return NotFound('No product with this id or slug', { code: 'PRODUCT_NOT_FOUND' });
}

/** The live (not deleted) product named by `ref`, locked for update when `forUpdate` (inside a transaction). */
export async function findLiveProduct(
  db: Executor,
  ref: ProductRef,
  options: { forUpdate?: boolean } = {},
): Promise<ProductRow | undefined> {
  const query = db
    .select()
    .from(products)
    .where(
      and('id' in ref ? eq(products.id, ref.id) : eq(products.slug, ref.slug), isNull(products.deletedAt)),
    );
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** Same, or NotFound `PRODUCT_NOT_FOUND`. */
export async function getLiveProduct(
  db: Executor,
  ref: ProductRef,
  options: { forUpdate?: boolean } = {},
): Promise<ProductRow> {
  const row = await findLiveProduct(db, ref, options);
  if (!row) throw productNotFound();
  return row;
}
