import type { OrderStatus } from '@bodega/contracts';
import { Conflict } from '@bodega/errors';

/**
 * The order status machine: pending -> paid -> shipped -> delivered; a pending checkout may end
 * cancelled, a paid order may be cancelled (refunded in full), and paid, shipped or delivered orders
 * become refunded when payments refunds them. cancelled and refunded are final.
 */
const next: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['paid', 'cancelled'],
  paid: ['shipped', 'cancelled', 'refunded'],
  shipped: ['delivered', 'refunded'],
  delivered: ['refunded'],
  cancelled: [],
  refunded: [],
};

/** Every status, in the order of an order's life. */
export const ORDER_STATUSES: readonly OrderStatus[] = Object.keys(next) as OrderStatus[];

/** Whether an order may move from `from` to `to`. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return next[from].includes(to);
}

/** 409 `INVALID_TRANSITION` unless an order may move from `from` to `to`. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw Conflict(`An order that is ${from} cannot become ${to}`, {
      code: 'INVALID_TRANSITION',
      details: { from, to },
    });
  }
}
