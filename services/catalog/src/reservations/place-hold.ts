import type { Reservation, ReservationRequest } from '@bodega/contracts';
import { Conflict, isAppError } from '@bodega/errors';
import type { CatalogDeps } from '../deps.js';
import { holdLines, holdRefused, sameLines, toReservationJson } from './reservation.js';
import { claimReservation, getReservation, insertLines, linesOf } from './reservation-store.js';
import { evictProducts, takeStock } from './stock-moves.js';

/** A hold and whether this call made it (201) or found it from an earlier call (200). */
export interface HoldOutcome {
  reservation: Reservation;
  created: boolean;
}

/**
 * POST /internal/reservations: holds every line's units, or none, in one transaction. The id is the
 * order's: a retry answers the hold already made (taking nothing), unless it asks for other units.
 */
export async function placeHold(
  deps: CatalogDeps,
  request: ReservationRequest,
  traceParent?: string,
): Promise<HoldOutcome> {
  const lines = holdLines(request.items);
  const id = request.reservation_id.toLowerCase();
  const now = deps.now();
  const ttlSeconds = request.ttl_seconds ?? deps.reservationTtlSeconds;
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  try {
    const outcome = await deps.db.transaction(async (tx) => {
      const claimed = await claimReservation(tx, { id, expiresAt, now });
      if (!claimed) {
        const existing = await getReservation(tx, id);
        if (!sameLines(linesOf(existing.items), lines)) throw mismatch(id);
        return { reservation: toReservationJson(existing.row, existing.items), created: false, changed: [] };
      }
      const taken = await takeStock(tx, lines, now, traceParent);
      if (!taken.ok) throw holdRefused(taken.shortage);
      const items = await insertLines(tx, id, lines);
      return { reservation: toReservationJson(claimed, items), created: true, changed: taken.changed };
    });
    await evictProducts(deps, outcome.changed);
    if (outcome.created) {
      deps.reservationMetrics.count('held');
      deps.logger.info({ reservation_id: id, lines: lines.length }, 'stock held');
    }
    return { reservation: outcome.reservation, created: outcome.created };
  } catch (error) {
    if (isAppError(error) && error.code === 'OUT_OF_STOCK') deps.reservationMetrics.count('out_of_stock');
    throw error;
  }
}

function mismatch(id: string) {
  return Conflict('A reservation with this id exists with other items', {
    code: 'RESERVATION_MISMATCH',
    details: { reservation_id: id },
  });
}
