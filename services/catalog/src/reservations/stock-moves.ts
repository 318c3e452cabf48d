import { and, asc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '@bodega/db';
import { products, type ProductRow } from '../db/schema.js';
import type { CatalogDeps } from '../deps.js';
import { evictProduct } from '../products/product-cache.js';
import { recordProductUpdated } from '../products/product-events.js';
import { nextVersion } from '../products/product-store.js';
import { findShortage, type HoldLine, type Shortage } from './reservation.js';

const idsOf = (lines: readonly HoldLine[]) => lines.map((line) => line.product_id);

/**
 * Locks the products of `lines` in product-id order and reads what selling them depends on. Every
 * stock move locks this way first, so two moves over the same products queue up instead of deadlocking.
 */
async function lockShelves(tx: Executor, lines: readonly HoldLine[]) {
  return tx
    .select({
      id: products.id,
      stockQty: products.stockQty,
      active: products.active,
      deletedAt: products.deletedAt,
    })
    .from(products)
    .where(inArray(products.id, idsOf(lines)))
    .orderBy(asc(products.id))
    .for('update');
}

/** `stock_qty + <this line's change>`, one CASE for all lines: one statement however many lines. */
function changedStock(lines: readonly HoldLine[], sign: 1 | -1) {
  const cases = lines.map((line) => sql`when ${line.product_id}::uuid then ${sign * line.quantity}::integer`);
  return sql`${products.stockQty} + (case ${products.id} ${sql.join(cases, sql` `)} end)`;
}

/**
 * Takes the units of `lines` off the shelves, all or none, and announces each product's new stock.
 * The products are locked first, so the decision made on what was read stays true until commit; the
 * UPDATE repeats the conditions anyway (and `products_stock_check` stands behind it): stock never
 * goes below zero, whatever runs at the same time. Resolves to the shortage that stopped it, if any.
 */
export async function takeStock(
  tx: Executor,
  lines: readonly HoldLine[],
  now: Date,
  traceParent?: string,
): Promise<{ ok: true; changed: ProductRow[] } | { ok: false; shortage: Shortage }> {
  const shortage = findShortage(lines, await lockShelves(tx, lines));
  if (shortage) return { ok: false, shortage };
  const next = changedStock(lines, -1);
  const changed = await tx
    .update(products)
    .set({ stockQty: next, updatedAt: nextVersion(now) })
    .where(
      and(
        inArray(products.id, idsOf(lines)),
        gte(next, 0),
        eq(products.active, true),
        isNull(products.deletedAt),
      ),
    )
    .returning();
  // Unreachable while the rows are locked; if it ever happens, fail the whole move rather than part of it.
  if (changed.length !== lines.length) throw new Error('stock changed under a lock');
  await announce(tx, changed, now, traceParent);
  return { ok: true, changed };
}

/**
 * Puts the units of `lines` back on the shelves (a release, an expiry, a return): always possible.
 * A deleted product gets its units back but no event: readers dropped it, and an update newer than
 * the deletion would bring it back to life in them.
 */
export async function giveBackStock(
  tx: Executor,
  lines: readonly HoldLine[],
  now: Date,
  traceParent?: string,
): Promise<ProductRow[]> {
  if (lines.length === 0) return [];
  await lockShelves(tx, lines);
  const changed = await tx
    .update(products)
    .set({ stockQty: changedStock(lines, 1), updatedAt: nextVersion(now) })
    .where(inArray(products.id, idsOf(lines)))
    .returning();
  await announce(
    tx,
    changed.filter((row) => row.deletedAt === null),
    now,
    traceParent,
  );
  return changed;
}

/** `catalog.product.updated` for every product whose stock moved, in the move's transaction. */
async function announce(tx: Executor, rows: readonly ProductRow[], now: Date, traceParent?: string) {
  for (const row of [...rows].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    await recordProductUpdated(tx, row, now, traceParent);
  }
}

/** After the commit (never before: a reader in between would cache the old stock again). */
export async function evictProducts(
  deps: Pick<CatalogDeps, 'cache' | 'broadcast' | 'logger'>,
  rows: readonly ProductRow[],
): Promise<void> {
  await Promise.all(rows.map((row) => evictProduct(deps, row.id)));
}
