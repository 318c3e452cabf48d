/** Reading raw report queries the same way on PGlite and node-postgres. */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@bodega/db';
import { startsParam } from './range.js';

/** Rows of a raw query: both drivers answer `{ rows }`. */
export async function rowsOf<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await executor.execute(query);
  return (result as { rows: T[] }).rows;
}

/**
 * The 1-based index of the bucket holding `column`, among buckets starting at `starts` (ascending):
 * one `width_bucket` per row, so hours are added into local days and weeks in the query itself.
 */
export function bucketIndex(column: SQL, starts: number[]): SQL {
  return sql`width_bucket(${column}, ${startsParam(starts)}::timestamptz[])`;
}

/** A count or sum as a JS number (node-postgres answers bigint as a string, PGlite as a number). */
export function num(value: number | string | bigint | null): number {
  return value === null ? 0 : Number(value);
}
