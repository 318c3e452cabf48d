import type { Money, Payment, PaymentStatus, Refund } from '@bodega/contracts';
import { AppError, Conflict, NotFound, PaymentRequired } from '@bodega/errors';
import type { PaymentRow, RefundRow } from '../db/schema.js';

/**
 * The largest amount accepted, in minor units: ten billion in major units, far above any real order,
 * far below 2^53 (amounts are exact JavaScript numbers) and PostgreSQL's bigint.
 */
export const MAX_AMOUNT = 1_000_000_000_000;

/** 422 `INVALID_AMOUNT` unless `money` is a positive amount no larger than MAX_AMOUNT. */
export function assertPositiveAmount(money: Money, field: string): void {
  if (money.amount <= 0 || money.amount > MAX_AMOUNT) {
    throw new AppError('unprocessable', `The amount must be positive and at most ${MAX_AMOUNT} minor units`, {
      code: 'INVALID_AMOUNT',
      details: { field },
    });
  }
}

export function paymentNotFound() {
  return NotFound('No payment with this id', { code: 'PAYMENT_NOT_FOUND' });
}

export function paymentVoided() {
  return Conflict("The order's payment was voided; it cannot be authorized or captured", {
    code: 'PAYMENT_VOIDED',
  });
}

/** The answer to a declined authorization, first time or repeated (402, contracts `PaymentAuthorizeRequest`). */
export function paymentDeclined(row: Pick<PaymentRow, 'id' | 'declineReason'>) {
  return PaymentRequired('The card was declined', {
    code: 'PAYMENT_DECLINED',
    details: { reason: row.declineReason, payment_id: row.id },
  });
}

/** What repeating an authorization must match: the first call's amount, customer and card. */
export interface AuthorizationTerms {
  customerId: string;
  amount: Money;
  cardLast4: string;
}

/**
 * The order already has a payment: a repeat of the same authorization gets its outcome, anything else
 * (another amount, customer or card for the same order) is 409 `PAYMENT_MISMATCH`.
 */
export function assertSameAuthorization(row: PaymentRow, terms: AuthorizationTerms): void {
  const fields = [
    row.amount !== terms.amount.amount || row.currency !== terms.amount.currency ? 'amount' : undefined,
    row.customerId !== terms.customerId ? 'customer_id' : undefined,
    row.cardLast4 !== terms.cardLast4 ? 'card_number' : undefined,
  ].filter((field) => field !== undefined);
  if (fields.length > 0) {
    throw Conflict("This order's payment was authorized with other terms", {
      code: 'PAYMENT_MISMATCH',
      details: { fields },
    });
  }
}

/** Capture moves an authorization to `captured`; a captured (or refunded) payment is already done. */
export function captureStep(status: PaymentStatus): 'capture' | 'done' {
  switch (status) {
    case 'authorized':
      return 'capture';
    case 'captured':
    case 'partially_refunded':
    case 'refunded':
      return 'done';
    case 'voided':
      throw paymentVoided();
    case 'declined':
      throw Conflict('A declined payment cannot be captured', { code: 'PAYMENT_DECLINED' });
  }
}

/** Void releases an authorization; voided and declined payments have nothing left to release. */
export function voidStep(status: PaymentStatus): 'void' | 'done' {
  switch (status) {
    case 'authorized':
      return 'void';
    case 'voided':
    case 'declined':
      return 'done';
    case 'captured':
    case 'partially_refunded':
    case 'refunded':
      throw Conflict('The payment was captured; refund it instead', { code: 'PAYMENT_CAPTURED' });
  }
}

/**
 * How much a new refund returns: `requested`, or what remains of the captured amount. Only captured
 * money can be refunded (409 `PAYMENT_NOT_CAPTURED`), in the payment's currency (422
 * `CURRENCY_MISMATCH`), and never more than remains (422 `REFUND_EXCEEDS_CAPTURED`).
 */
export function refundAmount(
  payment: Pick<PaymentRow, 'status' | 'currency' | 'captured' | 'refunded'>,
  requested: Money | undefined,
): number {
  if (payment.status !== 'captured' && payment.status !== 'partially_refunded') {
    throw Conflict('Only a captured payment with money left on it can be refunded', {
      code: 'PAYMENT_NOT_CAPTURED',
      details: { status: payment.status },
    });
  }
  if (requested && requested.currency !== payment.currency) {
    throw new AppError('unprocessable', `The payment is in ${payment.currency}`, {
      code: 'CURRENCY_MISMATCH',
      details: { field: 'amount.currency', currency: payment.currency },
    });
  }
  const remaining = payment.captured - payment.refunded;
  const amount = requested?.amount ?? remaining;
  if (amount > remaining) {
    throw new AppError('unprocessable', 'The refund is more than what remains of the captured amount', {
      code: 'REFUND_EXCEEDS_CAPTURED',
      details: { remaining: { amount: remaining, currency: payment.currency } },
    });
  }
  return amount;
}

/** The status after refunds totalling `refunded` of `captured`. */
export function statusAfterRefund(captured: number, refunded: number): 'refunded' | 'partially_refunded' {
  return refunded >= captured ? 'refunded' : 'partially_refunded';
}

/**
 * A refund id (idempotency key) already used: the same refund again is answered as before; the id
 * used for another payment or another amount is 409 `REFUND_MISMATCH`.
 */
export function assertSameRefund(refund: RefundRow, paymentId: string, requested: Money | undefined): void {
  const samePayment = refund.paymentId === paymentId;
  const sameAmount =
    requested === undefined || (requested.amount === refund.amount && requested.currency === refund.currency);
  if (!samePayment || !sameAmount) {
    throw Conflict('This refund id (idempotency key) was already used for another refund', {
      code: 'REFUND_MISMATCH',
      details: { refund_id: refund.id },
    });
  }
}

const money = (amount: number, currency: string): Money => ({ amount, currency });

export function toRefundJson(row: RefundRow): Refund {
  return {
    id: row.id,
    amount: money(row.amount, row.currency),
    reason: row.reason,
    created_at: row.createdAt.toISOString(),
  };
}

/** The payment as every client sees it (contracts `Payment`); `refunds` oldest first. */
export function toPaymentJson(row: PaymentRow, refunds: RefundRow[]): Payment {
  return {
    id: row.id,
    order_id: row.orderId,
    customer_id: row.customerId,
    status: row.status,
    amount: money(row.amount, row.currency),
    captured: money(row.captured, row.currency),
    refunded: money(row.refunded, row.currency),
    card_last4: row.cardLast4,
    decline_reason: row.declineReason,
    refunds: refunds.map(toRefundJson),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
