/** Reading raw SQL results the same way on PGlite and node-postgres, and turning rows into hits. */
import type { SQL } from 'drizzle-orm';
import type { SearchHit } from '@bodega/contracts';
import type { Executor } from '@bodega/db';
import { popularityAt } from '../indexer/popularity.js';

const DOCUMENT_COLUMNS = `d.product_id, d.slug, d.name, d.description, d.category, d.sku, d.price_amount,
  d.currency, d.stock_qty, d.images, d.rating_average, d.rating_count, d.created_at, d.updated_at`;
/** The columns every query returning hits selects (from `documents d` joined to `popularity p`). */
export const HIT_COLUMNS = `${DOCUMENT_COLUMNS}, p.score_log`;
/** The same, for a product with no popularity row (never viewed nor bought). */
export const HIT_COLUMNS_WITHOUT_POPULARITY = `${DOCUMENT_COLUMNS}, null::float8 as score_log`;

export interface HitRow {
  product_id: string;
  slug: string;
  name: string;
  description: string;
  category: string;
  sku: string;
  /** bigint: node-postgres answers a string. */
  price_amount: number | string;
  currency: string;
  stock_qty: number;
  images: string[];
  rating_average: number;
  rating_count: number;
  created_at: Date | string;
  updated_at: Date | string;
  score_log: number | null;
}

/** Rows of a raw query: both drivers answer `{ rows }`. */
export async function rowsOf<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await executor.execute(query);
  return (result as { rows: T[] }).rows;
}

export function toHit(row: HitRow, now: Date): SearchHit {
  return {
    id: row.product_id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    category: row.category,
    sku: row.sku,
    price: { amount: Number(row.price_amount), currency: row.currency },
    stock_qty: row.stock_qty,
    in_stock: row.stock_qty > 0,
    images: row.images,
    rating: { average: row.rating_average, count: row.rating_count },
    popularity: popularityAt(row.score_log, now),
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}
