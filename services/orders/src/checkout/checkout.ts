/**
 * The checkout saga (ARCHITECTURE "Checkout"), orchestrated by orders. Read top to bottom, it is the
 * whole story: each step, what undoes it, and what a failure of it means.
 *
 *   a. price        live prices, promotion, tax                      nothing to undo
 *   b. create order `pending`, promotion redeemed, key linked        undo: cancel it (use given back)
 *   c. reserve      hold the stock in catalog (id = order id)        undo: give the stock back
 *   d. authorize    the total on the card (idempotent by order id)   undo: void by order id
 *   e. commit, capture, then `paid` with `orders.order.placed`
 *
 * How far a saga got is not written down step by step (each record would be a commit of its own):
 * every remote step is idempotent by the order id, so recovery asks payments and catalog instead. It
 * leaves an order alone for RECOVERY_STALE_AFTER_MS after its creation, far above a whole saga (every
 * call has a timeout), and a recovery that did overtake a slow saga only repeats idempotent steps.
 *
 * A failure whose outcome is known (out of stock, declined, a service that did not answer before
 * anything could be charged) decides the cancel reason first, on the order, then runs the undos of
 * the steps done, newest first, then cancels. If an undo fails, the order stays `pending` with its
 * reason, and recovery (src/recovery) finishes the compensation. A failure whose outcome is unknown
 * after the money was authorized (commit or capture without an answer) leaves the order to recovery,
 * which completes it or compensates it from what payments says.
 */
import type { Order, ShippingAddress } from '@bodega/contracts';
import type { Tx } from '@bodega/db';
import { Timeout, type AppError } from '@bodega/errors';
import { UpstreamRefusal, isUnavailable } from '../clients/service-call.js';
import type { OrdersDeps } from '../deps.js';
import type { OrderRow } from '../db/schema.js';
import { Unprocessable } from '../errors.js';
import { loadOrder } from '../orders/order-store.js';
import type { ItemRequest } from '../quotes/live-products.js';
import { giveBackStock, releasePayment, undoAll } from './compensations.js';
import { cancelCheckout, createPendingOrder, decideCancel, markPaid } from './order-writes.js';
import { cancelReasons, cancelledCheckoutError, checkoutOutcome } from './outcome.js';
import { priceCheckout, type PricedCheckout } from './price-step.js';

export interface CheckoutRequest {
  customerId: string;
  /** POST /orders's items; absent for POST /checkout (the customer's cart). */
  items?: ItemRequest[] | undefined;
  cardNumber: string;
  promoCode?: string | undefined;
  shippingAddress: ShippingAddress | null;
  /** Ties the order to the request's idempotency key, in the transaction creating it. */
  linkOrder: (tx: Tx, orderId: string) => Promise<void>;
  /** Stores the paid order as the request's answer under its key, in the transaction paying it. */
  answer: (tx: Tx, order: Order) => Promise<void>;
  traceParent?: string | undefined;
}

/** What the steps after b share. */
interface Saga {
  deps: OrdersDeps;
  order: OrderRow;
  priced: PricedCheckout;
  cardNumber: string;
  paymentId: string | null;
}

/** What a failed step means: cancel (and answer `error`), or leave the order to recovery. */
type Failure = { cancel: string; error: AppError; undoThisStep: boolean } | { leaveToRecovery: true };

interface Step {
  name: string;
  run(saga: Saga): Promise<void>;
  /** Undoes the step; safe whether or not `run` took effect (every call it makes is idempotent). */
  undo?(saga: Saga): Promise<void>;
  onFailure(error: unknown, saga: Saga): Failure;
}

const refused = (error: unknown, ...codes: string[]): error is UpstreamRefusal =>
  error instanceof UpstreamRefusal && (codes.length === 0 || codes.includes(error.code));

/** Cancel for `reason`, answering what a checkout cancelled for it answers (order id in the details). */
function cancelFor(
  reason: string,
  saga: Saga,
  details: Record<string, unknown>,
  undoThisStep: boolean,
): Failure {
  return {
    cancel: reason,
    error: cancelledCheckoutError(reason, { order_id: saga.order.id, ...details }),
    undoThisStep,
  };
}

/** c. Hold the stock in catalog for RESERVATION_TTL_SECONDS. Undo: give the stock back. */
const reserveStock: Step = {
  name: 'reserve stock',
  async run({ deps, order, priced }) {
    await deps.catalog.reserve({
      reservation_id: order.id,
      items: priced.quote.lines.map((line) => ({ product_id: line.product_id, quantity: line.quantity })),
      ttl_seconds: deps.reservationTtlSeconds,
    });
  },
  async undo({ deps, order }) {
    await giveBackStock(deps.catalog, order.id);
  },
  onFailure(error, saga) {
    if (refused(error, 'OUT_OF_STOCK')) {
      return cancelFor(cancelReasons.outOfStock, saga, error.details, false);
    }
    if (refused(error, 'PRODUCT_UNAVAILABLE')) {
      return cancelFor(cancelReasons.productUnavailable, saga, error.details, false);
    }
    // No answer: the hold may exist all the same, so it is given back too.
    return cancelFor(cancelReasons.catalogUnavailable, saga, {}, true);
  },
};

/**
 * d. Authorize the total on the card, within PAYMENTS_TIMEOUT_MS; payments is idempotent by order id.
 * Undo: void by order id, which also refuses an authorization still on its way.
 */
const authorizePayment: Step = {
  name: 'authorize payment',
  async run(saga) {
    const { deps, order } = saga;
    const payment = await deps.payments.authorize({
      order_id: order.id,
      customer_id: order.customerId,
      amount: { amount: order.total, currency: order.currency },
      card_number: saga.cardNumber,
    });
    saga.paymentId = payment.id;
  },
  async undo({ deps, order }) {
    await releasePayment(deps.payments, order.id, 'checkout_cancelled');
  },
  onFailure(error, saga) {
    if (refused(error) && error.status === 402) {
      return cancelFor(cancelReasons.paymentDeclined, saga, { reason: error.details.reason ?? null }, false);
    }
    if (refused(error) && error.status === 422) {
      // The card itself was refused (not a valid number): the shopper's input, answered as payments words it.
      return {
        cancel: cancelReasons.paymentDeclined,
        error: invalidCard(error, saga.order.id),
        undoThisStep: false,
      };
    }
    // Slow, down, an open circuit or a refusal that is not about the card: void, whatever happened.
    return cancelFor(cancelReasons.paymentUnavailable, saga, {}, true);
  },
};

/** e1. Commit the stock: the held units are sold. Undone with c's undo (a committed hold is returned). */
const commitStock: Step = {
  name: 'commit stock',
  async run({ deps, order }) {
    await deps.catalog.commit(order.id);
  },
  onFailure(error, saga) {
    // The hold expired and its stock sold meanwhile: too late for this order.
    if (refused(error)) return cancelFor(cancelReasons.outOfStock, saga, error.details, false);
    return { leaveToRecovery: true };
  },
};

/** e2. Capture the authorized payment. The last step: nothing after it can fail but the write. */
const capturePayment: Step = {
  name: 'capture payment',
  async run(saga) {
    const { deps, order } = saga;
    if (saga.paymentId === null) throw new Error(`order ${order.id} reached capture without a payment`);
    const payment = await deps.payments.capture(saga.paymentId);
    saga.paymentId = payment.id;
  },
  onFailure(error, saga) {
    if (refused(error)) return cancelFor(cancelReasons.paymentUnavailable, saga, {}, false);
    return { leaveToRecovery: true };
  },
};

function invalidCard(error: UpstreamRefusal, orderId: string): AppError {
  return Unprocessable(error.message, { code: error.code, details: { ...error.details, order_id: orderId } });
}

/** 504 `CHECKOUT_INCOMPLETE`: the outcome is not known yet; recovery will settle it. */
function checkoutIncomplete(orderId: string, cause: unknown): AppError {
  return Timeout(
    'Your order could not be finished right now; it will be completed or cancelled (and not charged) shortly. ' +
      'Send the same request with the same Idempotency-Key to see the outcome',
    { code: 'CHECKOUT_INCOMPLETE', details: { order_id: orderId }, cause },
  );
}

/**
 * Decides the cancel, undoes what was done (newest first, each tried even if another failed), then
 * cancels; if an undo failed, the order stays pending and recovery repeats them.
 */
async function compensate(saga: Saga, undone: Step[], reason: string): Promise<void> {
  const { deps, order } = saga;
  await decideCancel(deps, order.id, reason);
  try {
    await undoAll([...undone].reverse().map((step) => async () => step.undo?.(saga)));
    await cancelCheckout(deps, order.id, reason);
  } catch (error) {
    deps.logger.warn(
      { err: error, order_id: order.id, reason },
      'a checkout compensation failed; the order stays pending for recovery to finish',
    );
  }
}

/** The answer for an order the saga no longer drives (recovery settled it first). */
async function settledAnswer(deps: OrdersDeps, orderId: string): Promise<Order> {
  const order = await loadOrder(deps.db, orderId);
  const outcome = checkoutOutcome(order);
  if (outcome && 'error' in outcome) throw outcome.error;
  return order;
}

/**
 * Runs a checkout to its end: resolves to the paid order, or rejects with the answer (409
 * `OUT_OF_STOCK`, 402 `PAYMENT_DECLINED`, 503 `PAYMENTS_UNAVAILABLE`, 504 `CHECKOUT_INCOMPLETE`...).
 */
export async function checkout(deps: OrdersDeps, request: CheckoutRequest): Promise<Order> {
  // a. price
  const priced = await priceCheckout(deps, {
    customerId: request.customerId,
    items: request.items,
    promoCode: request.promoCode,
    country: request.shippingAddress?.country,
  });
  // b. create the order, pending
  const order = await createPendingOrder(deps, {
    customerId: request.customerId,
    priced,
    shippingAddress: request.shippingAddress,
    linkOrder: request.linkOrder,
    traceParent: request.traceParent,
  });
  deps.logger.info({ order_id: order.id, total: order.total }, 'checkout started');

  // c-e. reserve, authorize, commit, capture (nothing to authorize for an order that costs nothing)
  const saga: Saga = { deps, order, priced, cardNumber: request.cardNumber, paymentId: null };
  const steps =
    order.total > 0
      ? [reserveStock, authorizePayment, commitStock, capturePayment]
      : [reserveStock, commitStock];
  const done: Step[] = [];
  for (const step of steps) {
    try {
      await step.run(saga);
      done.push(step);
    } catch (error) {
      if (!(error instanceof UpstreamRefusal) && !isUnavailable(error)) throw error;
      const failure = step.onFailure(error, saga);
      deps.logger.warn({ err: error, order_id: order.id, step: step.name }, 'checkout step failed');
      if ('leaveToRecovery' in failure) throw checkoutIncomplete(order.id, error);
      await compensate(saga, failure.undoThisStep ? [...done, step] : done, failure.cancel);
      throw failure.error;
    }
  }

  // e. paid: status, history, events, the ordered lines leave the cart, and the answer is stored
  const paid = await markPaid(deps, order.id, saga.paymentId, {
    traceParent: request.traceParent,
    answer: request.answer,
  });
  if (!paid) return settledAnswer(deps, order.id);
  deps.logger.info({ order_id: order.id }, 'order placed');
  return paid;
}
