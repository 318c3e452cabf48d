import { hasRole, requireAuthenticated, type Principal } from '@bodega/auth';
import type { Payment } from '@bodega/contracts';
import type { PaymentsDeps } from '../deps.js';
import { paymentNotFound } from './payment.js';
import { findPaymentByOrder, getPaymentRow, paymentJson } from './payment-store.js';

/**
 * One payment, for its customer or for managers and admins. Anyone else gets the same 404 as for a
 * payment that does not exist: a stranger learns nothing, not even that it exists.
 */
export async function getPayment(
  deps: PaymentsDeps,
  principal: Principal | undefined,
  paymentId: string,
): Promise<Payment> {
  const caller = requireAuthenticated(principal);
  const row = await getPaymentRow(deps.db, paymentId);
  if (row.customerId !== caller.user_id && !hasRole(principal, 'manager', 'admin')) throw paymentNotFound();
  return paymentJson(deps.db, row);
}

/** The order's payment (internal: orders' recovery), or 404 `PAYMENT_NOT_FOUND`. */
export async function getPaymentByOrder(deps: PaymentsDeps, orderId: string): Promise<Payment> {
  const row = await findPaymentByOrder(deps.db, orderId);
  if (!row) throw paymentNotFound();
  return paymentJson(deps.db, row);
}
