import type { Payment, PaymentAuthorizeRequest } from '@bodega/contracts';
import { newId } from '@bodega/db';
import { isAppError } from '@bodega/errors';
import { payments, type PaymentRow } from '../db/schema.js';
import type { PaymentsDeps } from '../deps.js';
import type { AuthorizationDecision } from '../provider/simulated-provider.js';
import { parseCard } from '../provider/test-cards.js';
import {
  assertPositiveAmount,
  assertSameAuthorization,
  paymentDeclined,
  paymentVoided,
  type AuthorizationTerms,
} from './payment.js';
import { recordPaymentEvent } from './payment-events.js';
import { lockOrder, orderPaymentState, paymentJson } from './payment-store.js';

export interface AuthorizeResult {
  /** True when this call made the payment (201), false when it answers a repeat (200). */
  created: boolean;
  payment: Payment;
}

/**
 * Authorizes an order's amount on a card, once per order (contracts `PaymentAuthorizeRequest`):
 * check the input, answer a repeat with the stored outcome, ask the provider (outside any
 * transaction: it may take seconds), then store the decision and its event under the order's lock,
 * where a concurrent call or a void that got there first wins. A decline is stored, then thrown as 402.
 */
export async function authorizePayment(
  deps: PaymentsDeps,
  request: PaymentAuthorizeRequest,
  traceParent?: string,
): Promise<AuthorizeResult> {
  assertPositiveAmount(request.amount, 'amount');
  const card = parseCard(request.card_number);
  const terms: AuthorizationTerms = {
    customerId: request.customer_id,
    amount: request.amount,
    cardLast4: card.last4,
  };

  const before = await orderPaymentState(deps.db, request.order_id);
  if (before.payment) return repeated(deps, before.payment, terms);
  if (before.voided) throw paymentVoided();

  const decision = await askProvider(deps, () =>
    deps.provider.authorize({ key: request.order_id, card, amount: request.amount }),
  );

  const now = deps.now();
  const stored = await deps.db.transaction(async (tx) => {
    await lockOrder(tx, request.order_id);
    // Read after the lock (its own statement, so its snapshot sees whatever committed before it).
    const locked = await orderPaymentState(tx, request.order_id);
    if (locked.payment) return { row: locked.payment, created: false };
    // A void recorded while the provider was deciding: the checkout gave up, so this is never stored.
    if (locked.voided) throw paymentVoided();
    const [row] = await tx
      .insert(payments)
      .values({
        id: newId(),
        orderId: request.order_id,
        customerId: request.customer_id,
        status: decision.approved ? 'authorized' : 'declined',
        currency: request.amount.currency,
        amount: request.amount.amount,
        cardLast4: card.last4,
        declineReason: decision.approved ? null : decision.reason,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned no payment');
    await recordPaymentEvent(tx, row, row.amount, now, traceParent);
    return { row, created: true };
  });

  if (!stored.created) return repeated(deps, stored.row, terms);
  deps.metrics.outcome(stored.row.status, stored.row.declineReason);
  if (stored.row.status === 'declined') throw paymentDeclined(stored.row);
  return { created: true, payment: await paymentJson(deps.db, stored.row) };
}

/** A repeat: the stored outcome (the payment as it is now, or the same 402), if the terms match. */
async function repeated(deps: PaymentsDeps, row: PaymentRow, terms: AuthorizationTerms) {
  assertSameAuthorization(row, terms);
  if (row.status === 'declined') throw paymentDeclined(row);
  return { created: false, payment: await paymentJson(deps.db, row) };
}

/** A provider failure is counted; nothing was stored, so the caller may retry. */
async function askProvider(
  deps: PaymentsDeps,
  call: () => Promise<AuthorizationDecision>,
): Promise<AuthorizationDecision> {
  try {
    return await call();
  } catch (error) {
    if (isAppError(error) && error.code === 'PAYMENT_PROVIDER_ERROR') deps.metrics.outcome('provider_error');
    throw error;
  }
}
