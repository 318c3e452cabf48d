import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '@bodega/db';
import { NotFound } from '@bodega/errors';
import { products, type ProductRow } from '../db/schema.js';
import type { ProductRef } from './product.js';

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
