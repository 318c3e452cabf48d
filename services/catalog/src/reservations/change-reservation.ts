import type { Reservation } from '@bodega/contracts';
import type { ProductRow } from '../db/schema.js';
import type { CatalogDeps } from '../deps.js';
import { retakeRefused, stepFor, toReservationJson, type ReservationAction } from './reservation.js';
import { getReservation, linesOf, setStatus } from './reservation-store.js';
import { evictProducts, giveBackStock, takeStock } from './stock-moves.js';

/** GET /internal/reservations/{id}: the reservation as stored (a `held` one may be past `expires_at`). */
export async function readReservation(deps: CatalogDeps, id: string): Promise<Reservation> {
  const { row, items } = await getReservation(deps.db, id.toLowerCase());
  return toReservationJson(row, items);
}

/** POST .../commit: the units are sold (`committed`); a lapsed hold takes them again if it can. */
export function commitReservation(deps: CatalogDeps, id: string, traceParent?: string): Promise<Reservation> {
  return changeReservation(deps, 'commit', id, traceParent);
}

/** POST .../release: the checkout gave up; the units go back on sale (`released`). */
export function releaseReservation(
  deps: CatalogDeps,
  id: string,
  traceParent?: string,
): Promise<Reservation> {
  return changeReservation(deps, 'release', id, traceParent);
}

/** POST .../return: a sold order was cancelled; its units go back on sale (`returned`). */
export function returnReservation(deps: CatalogDeps, id: string, traceParent?: string): Promise<Reservation> {
  return changeReservation(deps, 'return', id, traceParent);
}

/**
 * Load (locked), decide by the state machine, move the stock, write the state and its events, all
 * in one transaction; evict the products after the commit. Repeating an action answers the same.
 */
async function changeReservation(
  deps: CatalogDeps,
  action: Exclude<ReservationAction, 'expire'>,
  rawId: string,
  traceParent?: string,
): Promise<Reservation> {
  const id = rawId.toLowerCase();
  const now = deps.now();
  const outcome = await deps.db.transaction(async (tx) => {
    const { row, items } = await getReservation(tx, id, { forUpdate: true });
    const step = stepFor(action, row.status);
    if (step.kind === 'refuse') throw step.error();
    if (step.kind === 'same') return { reservation: toReservationJson(row, items), moved: undefined };
    let changed: ProductRow[] = [];
    if (step.stock === 'take') {
      const taken = await takeStock(tx, linesOf(items), now, traceParent);
      if (!taken.ok) throw retakeRefused(taken.shortage);
      changed = taken.changed;
    } else if (step.stock === 'give') {
      changed = await giveBackStock(tx, linesOf(items), now, traceParent);
    }
    const updated = await setStatus(tx, id, step.to, now);
    return { reservation: toReservationJson(updated, items), moved: { from: row.status, changed } };
  });
  if (outcome.moved) {
    await evictProducts(deps, outcome.moved.changed);
    const to = outcome.reservation.status;
    // Every move lands in a state named like its outcome: committed, released or returned.
    if (to === 'committed' || to === 'released' || to === 'returned') deps.reservationMetrics.count(to);
    deps.logger.info({ reservation_id: id, from: outcome.moved.from, to }, 'reservation changed');
  }
  return outcome.reservation;
}
