import { decodeCursor, encodeCursor } from '@bodega/db';
import { and, asc, eq, gt, gte, inArray, isNull, lte } from 'drizzle-orm';
import { hasRole, requireAuthenticated, type Principal } from '@bodega/auth';
import type { PageOf, Product } from '@bodega/contracts';
import { Forbidden } from '@bodega/errors';
import { products } from '../db/schema.js';
import type { CatalogDeps } from '../deps.js';
import { toProductJson } from './product.js';

export interface ListProductsInput {
  limit: number;
  cursor?: string | undefined;
  category?: string | undefined;
  min_price?: number | undefined;
  max_price?: number | undefined;
  in_stock?: boolean | undefined;
  include_inactive?: boolean | undefined;
  /** Comma-separated ids: only these products (a batch read; the other filters still apply). */
  ids?: string | undefined;
}

const CURSOR_KIND = 'p1';

/**
 * Live products, oldest first, a page at a time (keyset on the UUIDv7 id, so a page costs the same
 * however deep it is). Inactive products are for managers and admins only, on request.
 */
export async function listProducts(
  deps: CatalogDeps,
  principal: Principal | undefined,
  input: ListProductsInput,
): Promise<PageOf<Product>> {
  if (input.include_inactive && !hasRole(principal, 'manager', 'admin')) {
    // Anonymous: 401, as for every staff-only request; signing in as staff would answer it.
    requireAuthenticated(principal);
    throw Forbidden('Only managers and admins see inactive products', { code: 'FORBIDDEN' });
  }
  const after = input.cursor === undefined ? undefined : decodeCursor(CURSOR_KIND, input.cursor);
  const ids = input.ids?.toLowerCase().split(',');
  const rows = await deps.db
    .select()
    .from(products)
    .where(
      and(
        isNull(products.deletedAt),
        input.include_inactive ? undefined : eq(products.active, true),
        after === undefined ? undefined : gt(products.id, after),
        ids === undefined ? undefined : inArray(products.id, ids),
        input.category === undefined ? undefined : eq(products.categorySlug, input.category),
        input.min_price === undefined ? undefined : gte(products.priceAmount, input.min_price),
        input.max_price === undefined ? undefined : lte(products.priceAmount, input.max_price),
        input.in_stock === undefined
          ? undefined
          : input.in_stock
            ? gt(products.stockQty, 0)
            : eq(products.stockQty, 0),
      ),
    )
    .orderBy(asc(products.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(toProductJson),
    next_cursor: rows.length > input.limit && last ? encodeCursor(CURSOR_KIND, last.id) : null,
  };
}
