/**
 * The rules of stock holds, as pure functions: which lines a hold takes, whether the shelves can
 * give them, and what each action does from each state. The use cases around them only load and write.
 */
import type { Reservation, ReservationRequest, ReservationStatus } from '@bodega/contracts';
import { AppError, Conflict, ValidationError } from '@bodega/errors';
import type { ReservationItemRow, ReservationRow } from '../db/schema.js';

/** One line of a hold: a product and how many of its units. */
export type HoldLine = ReservationRequest['items'][number];

/**
 * The lines of a hold request in product-id order (the order every stock writer locks products in,
 * so two writers never wait on each other in a cycle). A product named twice is a 400: the caller
 * merges its own lines, catalog does not guess whether it meant the sum or a mistake.
 */
export function holdLines(items: readonly HoldLine[]): HoldLine[] {
  const seen = new Set<string>();
  const issues: { field: string; message: string }[] = [];
  items.forEach((item, index) => {
    const id = item.product_id.toLowerCase();
    if (seen.has(id)) issues.push({ field: `items.${index}.product_id`, message: 'appears more than once' });
    seen.add(id);
  });
  if (issues.length > 0) {
    throw ValidationError('Each product may appear only once in a reservation', {
      details: { location: 'body', issues },
    });
  }
  return sortLines(
    items.map((item) => ({ product_id: item.product_id.toLowerCase(), quantity: item.quantity })),
  );
}

/** Lines sorted by product id. */
export function sortLines(lines: readonly HoldLine[]): HoldLine[] {
  return [...lines].sort((a, b) => (a.product_id < b.product_id ? -1 : a.product_id > b.product_id ? 1 : 0));
}

/** Whether two holds ask for the same units (line order does not matter). */
export function sameLines(a: readonly HoldLine[], b: readonly HoldLine[]): boolean {
  const left = sortLines(a);
  const right = sortLines(b);
  return (
    left.length === right.length &&
    left.every(
      (line, index) =>
        line.product_id === right[index]?.product_id && line.quantity === right[index].quantity,
    )
  );
}

/** What a locked product row says about selling it. */
export interface ShelfState {
  id: string;
  stockQty: number;
  active: boolean;
  deletedAt: Date | null;
}

/** Why a hold cannot be taken: the first line that fails, unavailable products before short ones. */
export type Shortage =
  | { reason: 'unavailable'; product_id: string }
  | { reason: 'out_of_stock'; product_id: string; requested: number; available: number };

/**
 * The line that stops a hold, if any. A product that cannot be sold at all (unknown, inactive,
 * deleted) is reported before a short one: no quantity change would make that line work.
 */
export function findShortage(
  lines: readonly HoldLine[],
  shelves: readonly ShelfState[],
): Shortage | undefined {
  const byId = new Map(shelves.map((shelf) => [shelf.id, shelf]));
  for (const line of lines) {
    const shelf = byId.get(line.product_id);
    if (!shelf || !shelf.active || shelf.deletedAt !== null) {
      return { reason: 'unavailable', product_id: line.product_id };
    }
  }
  for (const line of lines) {
    const available = byId.get(line.product_id)?.stockQty ?? 0;
    if (available < line.quantity) {
      return { reason: 'out_of_stock', product_id: line.product_id, requested: line.quantity, available };
    }
  }
  return undefined;
}

/** The error a refused new hold answers with (contract `ReservationRequest`). */
export function holdRefused(shortage: Shortage): AppError {
  if (shortage.reason === 'unavailable') {
    return new AppError('unprocessable', 'A product of this reservation cannot be bought', {
      code: 'PRODUCT_UNAVAILABLE',
      details: { product_id: shortage.product_id },
    });
  }
  const { product_id, requested, available } = shortage;
  return Conflict('Not enough stock for this reservation', {
    code: 'OUT_OF_STOCK',
    details: { product_id, requested, available },
  });
}

/** What can be done to a reservation; `expire` is the sweeper's. */
export type ReservationAction = 'commit' | 'release' | 'return' | 'expire';

/**
 * What an action does from a state: nothing (`same`, answered as is: every action is idempotent),
 * move to another state while taking units off the shelves, giving them back or neither, or refuse.
 */
export type Step =
  | { kind: 'same' }
  | { kind: 'move'; to: ReservationStatus; stock: 'none' | 'take' | 'give' }
  | { kind: 'refuse'; error: () => AppError };

const same: Step = { kind: 'same' };
const move = (to: ReservationStatus, stock: 'none' | 'take' | 'give'): Step => ({ kind: 'move', to, stock });
const refuse = (code: string, message: string): Step => ({
  kind: 'refuse',
  error: () => Conflict(message, { code }),
});

const returned = refuse('RESERVATION_RETURNED', 'This reservation was sold, then returned');
const notCommitted = refuse('RESERVATION_NOT_COMMITTED', 'Only a committed reservation can be returned');

/**
 * The state machine (contract `Reservation`). A `held` row commits whether or not `expires_at` has
 * passed: until the sweeper expires it (the commit's row lock keeps it out meanwhile), its units
 * never went back on sale, so giving them back and taking them again in one transaction would be the
 * same as keeping them. Released or expired holds commit only if their units can be taken again.
 */
const steps: Record<ReservationAction, Record<ReservationStatus, Step>> = {
  commit: {
    held: move('committed', 'none'),
    committed: same,
    released: move('committed', 'take'),
    expired: move('committed', 'take'),
    returned,
  },
  release: {
    held: move('released', 'give'),
    released: same,
    expired: same,
    committed: refuse('RESERVATION_COMMITTED', 'This reservation is sold: return it instead'),
    returned,
  },
  return: {
    committed: move('returned', 'give'),
    returned: same,
    held: notCommitted,
    released: notCommitted,
    expired: notCommitted,
  },
  expire: {
    held: move('expired', 'give'),
    committed: same,
    released: same,
    expired: same,
    returned: same,
  },
};

export function stepFor(action: ReservationAction, from: ReservationStatus): Step {
  return steps[action][from];
}

/** The error of a commit whose lapsed hold cannot be taken again. */
export function retakeRefused(shortage: Shortage): AppError {
  return Conflict('The hold lapsed and its units cannot be taken again', {
    code: 'RESERVATION_EXPIRED',
    details:
      shortage.reason === 'out_of_stock'
        ? { ...shortage }
        : { reason: shortage.reason, product_id: shortage.product_id },
  });
}

/** The reservation as callers see it (contracts `Reservation`), lines in product-id order. */
export function toReservationJson(row: ReservationRow, items: readonly ReservationItemRow[]): Reservation {
  return {
    reservation_id: row.id,
    status: row.status,
    items: sortLines(items.map((item) => ({ product_id: item.productId, quantity: item.quantity }))),
    expires_at: row.expiresAt.toISOString(),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
