import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { Broadcast, Cache } from '@bodega/cache';
import type { Db } from '@bodega/db';
import type { Logger } from '@bodega/logging';
import { reservationItems, reservations } from '../db/schema.js';
import type { ReservationMetrics } from './reservation-metrics.js';
import { sortLines, type HoldLine } from './reservation.js';
import { evictProducts, giveBackStock } from './stock-moves.js';

/** What the sweeper needs (a part of `CatalogDeps`, so tests can sweep with their own clock). */
export interface SweepDeps {
  db: Db;
  cache: Cache;
  broadcast: Broadcast;
  logger: Logger;
  reservationMetrics: ReservationMetrics;
}

export interface SweepOptions {
  /** The clock of this sweep: holds whose `expires_at` is at or before it expire. */
  now: Date;
  /** Holds expired per transaction: short transactions keep product locks short. */
  batchSize?: number;
  traceParent?: string;
}

const DEFAULT_BATCH = 100;

/**
 * Expires every `held` reservation past its `expires_at` and gives its units back, a small batch
 * per transaction. Rows are taken `FOR UPDATE SKIP LOCKED`: several catalog replicas sweep side by
 * side without waiting on each other, and a hold being committed or released right now is left to
 * that action. Resolves to how many holds it expired.
 */
export async function sweepExpiredReservations(deps: SweepDeps, options: SweepOptions): Promise<number> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  let total = 0;
  for (;;) {
    const expired = await expireBatch(deps, options.now, batchSize, options.traceParent);
    total += expired;
    if (expired < batchSize) break;
  }
  if (total > 0) deps.logger.info({ expired: total }, 'expired stock holds swept');
  return total;
}

async function expireBatch(deps: SweepDeps, now: Date, batchSize: number, traceParent?: string) {
  const outcome = await deps.db.transaction(async (tx) => {
    const due = await tx
      .select({ id: reservations.id })
      .from(reservations)
      .where(and(eq(reservations.status, 'held'), lte(reservations.expiresAt, now)))
      .orderBy(asc(reservations.expiresAt))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    if (due.length === 0) return { expired: 0, changed: [] };
    const ids = due.map((row) => row.id);
    const items = await tx
      .select({ product_id: reservationItems.productId, quantity: reservationItems.quantity })
      .from(reservationItems)
      .where(inArray(reservationItems.reservationId, ids));
    const changed = await giveBackStock(tx, totalsByProduct(items), now, traceParent);
    await tx
      .update(reservations)
      .set({ status: 'expired', updatedAt: now })
      .where(inArray(reservations.id, ids));
    return { expired: ids.length, changed };
  });
  await evictProducts(deps, outcome.changed);
  if (outcome.expired > 0) deps.reservationMetrics.count('expired', outcome.expired);
  return outcome.expired;
}

/** One line per product, holding the units of every expiring hold on it: one stock write and event each. */
export function totalsByProduct(lines: readonly HoldLine[]): HoldLine[] {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.product_id, (totals.get(line.product_id) ?? 0) + line.quantity);
  return sortLines([...totals].map(([product_id, quantity]) => ({ product_id, quantity })));
}

/** The running sweeper; `stop` waits for a sweep in progress. */
export interface ExpirySweeper {
  stop(): Promise<void>;
}

/** Sweeps every `intervalMs` (an unref'd timer; a tick is skipped while the last sweep still runs). */
export function startExpirySweeper(
  deps: SweepDeps,
  options: { intervalMs: number; now: () => Date },
): ExpirySweeper {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = sweepExpiredReservations(deps, { now: options.now() })
      .catch((error: unknown) => {
        // The next tick tries again; a hold past its expiry meanwhile still commits (see the state machine).
        deps.logger.warn({ err: error }, 'expiry sweep failed');
      })
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
