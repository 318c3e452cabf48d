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

/** What of a (locked) order row says whether money is still moving on it. */
export interface MoneyState {
  status: OrderStatus;
  /** Set while paid: a cancellation started, and its refund may be in flight. */
  refundId: string | null;
}

/**
 * Whether money is still on its way back to the customer: a cancellation started (its refund id is
 * kept before payments is asked) and has not ended the order `cancelled` yet. A pending order's
 * capture or void needs no check here: the machine lets a pending order become only paid or cancelled.
 */
export function refundPending(order: MoneyState): boolean {
  return order.status === 'paid' && order.refundId !== null;
}

/** Moves that hand the goods over: once money is on its way back, they would ship what is refunded. */
const fulfilment: ReadonlySet<OrderStatus> = new Set(['shipped', 'delivered']);

/**
 * {@link assertTransition}, and 409 `CANCELLATION_PENDING` for shipping or delivering an order whose
 * cancellation is under way (its refund in flight, its stock about to be returned). Decided on the
 * row the caller locked, so a cancellation and a shipment of one order cannot both win.
 */
export function assertMayMove(order: MoneyState, to: OrderStatus): void {
  assertTransition(order.status, to);
  if (fulfilment.has(to) && refundPending(order)) {
    throw Conflict(`This order is being cancelled and refunded; it cannot become ${to}`, {
      code: 'CANCELLATION_PENDING',
      details: { from: order.status, to },
    });
  }
}
