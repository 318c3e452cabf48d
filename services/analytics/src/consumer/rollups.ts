/**
 * Writes to the hourly rollups and the session table, each one multi-row upsert that adds to what is
 * there. Rows are merged by key first (one statement may not touch a row twice) and sorted, so two
 * transactions touching the same rows lock them in the same order.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '@bodega/db';
import { productHourly, salesHourly, sessions } from '../db/schema.js';
import { HOUR_MS } from '../time/zone.js';

/** The UTC hour holding `at`: the key of every rollup row. */
export function hourOf(at: Date | number): Date {
  const ms = typeof at === 'number' ? at : at.getTime();
  return new Date(Math.floor(ms / HOUR_MS) * HOUR_MS);
}

export interface SalesChange {
  hour: Date;
  revenue?: number;
  refunds?: number;
  orders?: number;
}

/** Adds to the sales of some hours, in one statement. */
export async function addSales(tx: Executor, changes: SalesChange[]): Promise<void> {
  const merged = new Map<number, { hour: Date; revenue: number; refunds: number; orders: number }>();
  for (const change of changes) {
    const key = change.hour.getTime();
    const row = merged.get(key) ?? { hour: change.hour, revenue: 0, refunds: 0, orders: 0 };
    row.revenue += change.revenue ?? 0;
    row.refunds += change.refunds ?? 0;
    row.orders += change.orders ?? 0;
    merged.set(key, row);
  }
  if (merged.size === 0) return;
  const rows = [...merged.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
  await tx
    .insert(salesHourly)
    .values(rows)
    .onConflictDoUpdate({
      target: salesHourly.hour,
      set: {
        revenue: sql`${salesHourly.revenue} + excluded.revenue`,
        refunds: sql`${salesHourly.refunds} + excluded.refunds`,
        orders: sql`${salesHourly.orders} + excluded.orders`,
      },
    });
}

export interface ProductChange {
  hour: Date;
  productId: string;
  revenue?: number;
  units?: number;
  views?: number;
}

/** Adds to products' hours: revenue, units and views (negative to take a cancelled order back). */
export async function addProductHours(tx: Executor, changes: ProductChange[]): Promise<void> {
  const merged = new Map<
    string,
    { hour: Date; productId: string; revenue: number; units: number; views: number }
  >();
  for (const change of changes) {
    const key = `${change.hour.toISOString()}|${change.productId}`;
    const row = merged.get(key) ?? {
      hour: change.hour,
      productId: change.productId,
      revenue: 0,
      units: 0,
      views: 0,
    };
    row.revenue += change.revenue ?? 0;
    row.units += change.units ?? 0;
    row.views += change.views ?? 0;
    merged.set(key, row);
  }
  if (merged.size === 0) return;
  const rows = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
  await tx
    .insert(productHourly)
    .values(rows)
    .onConflictDoUpdate({
      target: [productHourly.hour, productHourly.productId],
      set: {
        revenue: sql`${productHourly.revenue} + excluded.revenue`,
        units: sql`${productHourly.units} + excluded.units`,
        views: sql`${productHourly.views} + excluded.views`,
      },
    });
}

/** What one batch tells about a session: its earliest times, and who was signed in. */
export interface SessionTouch {
  sessionId: string;
  userId: string | null;
  at: Date;
  viewedAt?: Date | null;
  cartedAt?: Date | null;
  checkoutAt?: Date | null;
}

const earliest = (a: Date | null | undefined, b: Date | null | undefined): Date | null => {
  if (!a) return b ?? null;
  if (!b) return a;
  return a <= b ? a : b;
};

/**
 * Records sessions' progress: each funnel time keeps its earliest value (batches may arrive in any
 * order) and the signed-in user is the latest one seen.
 */
export async function touchSessions(tx: Executor, touches: SessionTouch[]): Promise<void> {
  const merged = new Map<string, typeof sessions.$inferInsert>();
  for (const touch of touches) {
    const row = merged.get(touch.sessionId);
    merged.set(touch.sessionId, {
      sessionId: touch.sessionId,
      userId: touch.userId ?? row?.userId ?? null,
      startedAt: earliest(row?.startedAt, touch.at) ?? touch.at,
      viewedAt: earliest(row?.viewedAt, touch.viewedAt),
      cartedAt: earliest(row?.cartedAt, touch.cartedAt),
      checkoutAt: earliest(row?.checkoutAt, touch.checkoutAt),
    });
  }
  if (merged.size === 0) return;
  const rows = [...merged.values()].sort((a, b) => (a.sessionId < b.sessionId ? -1 : 1));
  // least() ignores nulls: a step not seen in this batch keeps what the row had.
  const least = (column: typeof sessions.viewedAt | typeof sessions.startedAt, name: string) =>
    sql`least(${column}, excluded.${sql.identifier(name)})`;
  await tx
    .insert(sessions)
    .values(rows)
    .onConflictDoUpdate({
      target: sessions.sessionId,
      set: {
        userId: sql`coalesce(excluded.user_id, ${sessions.userId})`,
        startedAt: least(sessions.startedAt, 'started_at'),
        viewedAt: least(sessions.viewedAt, 'viewed_at'),
        cartedAt: least(sessions.cartedAt, 'carted_at'),
        checkoutAt: least(sessions.checkoutAt, 'checkout_at'),
      },
    });
}
