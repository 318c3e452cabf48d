import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ReservationStatus } from '@bodega/contracts';
import type { Executor } from '@bodega/db';
import { NotFound } from '@bodega/errors';
import {
  reservationItems,
  reservations,
  type ReservationItemRow,
  type ReservationRow,
} from '../db/schema.js';
import type { HoldLine } from './reservation.js';

/** A reservation row with its lines. */
export interface StoredReservation {
  row: ReservationRow;
  items: ReservationItemRow[];
}

export function reservationNotFound() {
  return NotFound('No reservation with this id', { code: 'RESERVATION_NOT_FOUND' });
}

/**
 * Claims `id` for a new hold; resolves to false when it exists. On PostgreSQL a concurrent claim of
 * the same id waits here for the first one's transaction, then sees its outcome: a retry racing its
 * original never takes stock twice.
 */
export async function claimReservation(
  tx: Executor,
  values: { id: string; expiresAt: Date; now: Date },
): Promise<ReservationRow | undefined> {
  const [row] = await tx
    .insert(reservations)
    .values({
      id: values.id,
      status: 'held',
      expiresAt: values.expiresAt,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function insertLines(
  tx: Executor,
  reservationId: string,
  lines: readonly HoldLine[],
): Promise<ReservationItemRow[]> {
  return tx
    .insert(reservationItems)
    .values(lines.map((line) => ({ reservationId, productId: line.product_id, quantity: line.quantity })))
    .returning();
}

const reservation = alias(reservations, 'reservation');

/**
 * A reservation and its lines in one round trip; locked for update when `forUpdate` (in a
 * transaction), so two actions on one reservation run one after the other.
 */
export async function findReservation(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredReservation | undefined> {
  const query = db
    .select({ row: reservation, item: reservationItems })
    .from(reservation)
    .leftJoin(reservationItems, eq(reservationItems.reservationId, reservation.id))
    .where(eq(reservation.id, id));
  // Only the reservation row is locked (its lines never change); PostgreSQL wants the lock target
  // unqualified, hence the alias.
  const rows = options.forUpdate ? await query.for('update', { of: reservation }) : await query;
  const first = rows[0];
  if (!first) return undefined;
  return { row: first.row, items: rows.flatMap((row) => (row.item ? [row.item] : [])) };
}

/** Same, or NotFound `RESERVATION_NOT_FOUND`. */
export async function getReservation(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredReservation> {
  const found = await findReservation(db, id, options);
  if (!found) throw reservationNotFound();
  return found;
}

export async function setStatus(
  tx: Executor,
  id: string,
  status: ReservationStatus,
  now: Date,
): Promise<ReservationRow> {
  const [row] = await tx
    .update(reservations)
    .set({ status, updatedAt: now })
    .where(eq(reservations.id, id))
    .returning();
  if (!row) throw new Error('update returned no reservation');
  return row;
}

/** The lines of a stored reservation, in the hold-line shape. */
export function linesOf(items: readonly ReservationItemRow[]): HoldLine[] {
  return items.map((item) => ({ product_id: item.productId, quantity: item.quantity }));
}
