/** Writes shared by the indexer's handlers: popularity signals, co-occurrence counts, viewer history. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@bodega/db';
import { coOccurrences, popularity, viewerHistory } from '../db/schema.js';
import { addLogs, signalLog } from './popularity.js';

export interface Signal {
  productId: string;
  weight: number;
  at: Date;
  views: number;
  units: number;
}

/** Adds the signals' decayed weights (and raw counts) to each product's popularity, in one statement. */
export async function addPopularity(tx: Tx, signals: Signal[]): Promise<void> {
  const byProduct = new Map<string, { views: number; units: number; scoreLog: number | null }>();
  for (const signal of signals) {
    const entry = byProduct.get(signal.productId) ?? { views: 0, units: 0, scoreLog: null };
    entry.views += signal.views;
    entry.units += signal.units;
    entry.scoreLog = addLogs(entry.scoreLog, signalLog(signal.weight, signal.at));
    byProduct.set(signal.productId, entry);
  }
  if (byProduct.size === 0) return;
  const rows = [...byProduct].map(([productId, entry]) => ({
    productId,
    views: entry.views,
    unitsOrdered: entry.units,
    scoreLog: entry.scoreLog ?? 0,
  }));
  // ln(e^a + e^b) in SQL; the difference is capped so exp() cannot underflow (PostgreSQL raises on it).
  const a = sql`${popularity.scoreLog}`;
  const b = sql`excluded.score_log`;
  await tx
    .insert(popularity)
    .values(rows)
    .onConflictDoUpdate({
      target: popularity.productId,
      set: {
        views: sql`${popularity.views} + excluded.views`,
        unitsOrdered: sql`${popularity.unitsOrdered} + excluded.units_ordered`,
        scoreLog: sql`greatest(${a}, ${b}) + ln(1 + exp(-least(abs(${a} - ${b}), 700)))`,
      },
    });
}

/** Adds one to the count of every pair (pairs come in both directions already). */
export async function addCoOccurrences(
  tx: Tx,
  kind: 'viewed' | 'bought',
  pairs: [string, string][],
): Promise<void> {
  const counts = new Map<string, number>();
  for (const [a, b] of pairs) counts.set(`${a}|${b}`, (counts.get(`${a}|${b}`) ?? 0) + 1);
  if (counts.size === 0) return;
  const rows = [...counts].map(([key, count]) => {
    const [productA = '', productB = ''] = key.split('|');
    return { productA, productB, kind, count };
  });
  await tx
    .insert(coOccurrences)
    .values(rows)
    .onConflictDoUpdate({
      target: [coOccurrences.productA, coOccurrences.kind, coOccurrences.productB],
      set: { count: sql`${coOccurrences.count} + excluded.count` },
    });
}

/** Views kept per viewer: the other half of new co-views. */
export const RECENT_VIEWS = 10;
/** Purchases kept per customer: seeds of personal recommendations. */
export const RECENT_PURCHASES = 20;

/** Each viewer's recent products of `kind`, newest first. */
export async function loadHistory(
  tx: Tx,
  kind: 'viewed' | 'bought',
  viewers: string[],
): Promise<Map<string, { productId: string; at: Date }[]>> {
  const history = new Map<string, { productId: string; at: Date }[]>(viewers.map((viewer) => [viewer, []]));
  if (viewers.length === 0) return history;
  const rows = await tx
    .select()
    .from(viewerHistory)
    .where(and(eq(viewerHistory.kind, kind), inArray(viewerHistory.viewer, viewers)));
  for (const row of rows) history.get(row.viewer)?.push({ productId: row.productId, at: row.at });
  for (const entries of history.values()) entries.sort((x, y) => y.at.getTime() - x.at.getTime());
  return history;
}

/** Replaces the viewers' history of `kind` with `history` (already trimmed). */
export async function saveHistory(
  tx: Tx,
  kind: 'viewed' | 'bought',
  history: Map<string, { productId: string; at: Date }[]>,
): Promise<void> {
  const viewers = [...history.keys()];
  if (viewers.length === 0) return;
  await tx
    .delete(viewerHistory)
    .where(and(eq(viewerHistory.kind, kind), inArray(viewerHistory.viewer, viewers)));
  const rows = [...history].flatMap(([viewer, entries]) =>
    entries.map((entry) => ({ viewer, kind, productId: entry.productId, at: entry.at })),
  );
  if (rows.length > 0) await tx.insert(viewerHistory).values(rows);
}
