import { eq } from 'drizzle-orm';
import type { Executor } from '@bodega/db';
import { taxRates } from '../db/schema.js';

/** The tax rate (basis points) of a destination country; unknown or absent: the configured default. */
export async function taxRateFor(
  db: Executor,
  country: string | undefined,
  fallbackBps: number,
): Promise<number> {
  if (country === undefined) return fallbackBps;
  const [row] = await db
    .select({ rateBps: taxRates.rateBps })
    .from(taxRates)
    .where(eq(taxRates.country, country.toUpperCase()));
  return row?.rateBps ?? fallbackBps;
}
