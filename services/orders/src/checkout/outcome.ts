import type { Order } from '@bodega/contracts';
import { Conflict, PaymentRequired, Unavailable, type AppError } from '@bodega/errors';
import { Unprocessable } from '../errors.js';

/** Why a checkout cancelled its order (`orders.cancel_reason`, `orders.order.cancelled` reason). */
export const cancelReasons = {
  outOfStock: 'out_of_stock',
  productUnavailable: 'product_unavailable',
  paymentDeclined: 'payment_declined',
  paymentUnavailable: 'payment_unavailable',
  catalogUnavailable: 'catalog_unavailable',
  abandoned: 'checkout_abandoned',
} as const;

/** The answer a checkout that ended with `order` cancelled gives, for its reason. */
export function cancelledCheckoutError(reason: string | null, details: Record<string, unknown>): AppError {
  switch (reason) {
    case cancelReasons.outOfStock:
      return Conflict('Not enough stock for this order; it was cancelled and nothing was charged', {
        code: 'OUT_OF_STOCK',
        details,
      });
    case cancelReasons.productUnavailable:
      return Unprocessable('A product of this order is not available any more; it was cancelled', {
        code: 'PRODUCT_UNAVAILABLE',
        details,
      });
    case cancelReasons.paymentDeclined:
      return PaymentRequired('The card was declined; the order was cancelled and nothing was charged', {
        code: 'PAYMENT_DECLINED',
        details,
      });
    case cancelReasons.paymentUnavailable:
      return Unavailable(
        'Payments did not answer in time, so the order was cancelled and nothing was charged; please try again',
        { code: 'PAYMENTS_UNAVAILABLE', details },
      );
    case cancelReasons.catalogUnavailable:
      return Unavailable(
        'The catalog did not answer in time, so the order was cancelled and nothing was charged; please try again',
        { code: 'CATALOG_UNAVAILABLE', details },
      );
    default:
      return Conflict(
        'This checkout did not finish and its order was cancelled; nothing was charged. Try again with a new Idempotency-Key',
        { code: 'CHECKOUT_ABANDONED', details },
      );
  }
}

/**
 * The final answer of a checkout whose order is now `order`: 201 with the order once paid (whatever
 * happened since), the error of its cancel reason once cancelled, undefined while still pending.
 * Recovery answers replays of a checkout it finished with this.
 */
export function checkoutOutcome(
  order: Order,
): { status: 201; body: Order } | { error: AppError } | undefined {
  if (order.status === 'pending') return undefined;
  if (order.status === 'cancelled') {
    return {
      error: cancelledCheckoutError(order.cancel_reason, { order_id: order.id, reason: order.cancel_reason }),
    };
  }
  return { status: 201, body: order };
}
