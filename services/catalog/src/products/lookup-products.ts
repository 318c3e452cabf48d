import { inArray, sql } from 'drizzle-orm';
import type { ProductLookupResult, ProductSnapshot } from '@bodega/contracts';
import { products } from '../db/schema.js';
import type { CatalogDeps } from '../deps.js';

/** The columns a snapshot needs, the first image picked by the database. */
const snapshotColumns = {
  id: products.id,
  slug: products.slug,
  name: products.name,
  sku: products.sku,
  priceAmount: products.priceAmount,
  currency: products.currency,
  stockQty: products.stockQty,
  image: sql<string | null>`${products.images} ->> 0`,
  active: products.active,
  deletedAt: products.deletedAt,
};

/** One product row as the lookup reads it. */
export interface SnapshotRow {
  id: string;
  slug: string;
  name: string;
  sku: string;
  priceAmount: number;
  currency: string;
  stockQty: number;
  image: string | null;
  active: boolean;
  deletedAt: Date | null;
}

/**
 * POST /internal/products/lookup: what a cart or a checkout needs to know, read from the database in
 * one query (never the read cache: stock must be exact). Items and missing ids keep the request's order.
 */
export async function lookupProducts(
  deps: CatalogDeps,
  ids: readonly string[],
): Promise<ProductLookupResult> {
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  const rows = await deps.db.select(snapshotColumns).from(products).where(inArray(products.id, wanted));
  return toLookupResult(wanted, rows);
}

/** Deleted and inactive products are listed, not purchasable; ids that never existed are missing. */
export function toLookupResult(ids: readonly string[], rows: readonly SnapshotRow[]): ProductLookupResult {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items: ProductSnapshot[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) {
      missing.push(id);
      continue;
    }
    items.push({
      id: row.id,
      slug: row.slug,
      name: row.name,
      sku: row.sku,
      price: { amount: row.priceAmount, currency: row.currency },
      stock_qty: row.stockQty,
      image: row.image,
      purchasable: row.active && row.deletedAt === null,
    });
  }
  return { items, missing };
}
