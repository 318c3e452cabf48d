import type { CatalogClient } from '../clients/catalog-client.js';
import type { PaymentsClient } from '../clients/payments-client.js';
import { UpstreamRefusal } from '../clients/service-call.js';

/**
 * Gives an order's stock back to catalog, whatever became of its reservation: a hold is released, a
 * committed one returned; none at all (the checkout failed before or while reserving) is fine.
 */
export async function giveBackStock(catalog: CatalogClient, orderId: string): Promise<void> {
  try {
    await catalog.release(orderId);
  } catch (error) {
    if (error instanceof UpstreamRefusal && error.code === 'RESERVATION_COMMITTED') {
      await catalog.returnStock(orderId);
      return;
    }
    // Released, expired or returned already: the stock is back. Anything else is a real failure.
    if (error instanceof UpstreamRefusal && error.status === 409) return;
    throw error;
  }
}

/**
 * Makes sure an order is not charged: voids its authorization by order id (which also refuses an
 * authorization still on its way), or refunds it when it was captured after all. The refund's id is
 * the order's id, so a repeat refunds once. Resolves to whether money had been taken (and refunded).
 */
export async function releasePayment(
  payments: PaymentsClient,
  orderId: string,
  reason: string,
): Promise<{ refunded: boolean }> {
  try {
    await payments.void(orderId, reason);
    return { refunded: false };
  } catch (error) {
    if (error instanceof UpstreamRefusal && error.code === 'PAYMENT_CAPTURED') {
      await payments.refund(orderId, orderId, reason);
      return { refunded: true };
    }
    throw error;
  }
}

/**
 * Runs every undo, in order, even after one fails, then rethrows the first failure. One service being
 * down (payments, which cannot void) must not keep what another can give back (catalog's hold) for
 * the whole outage: the order's cancel is decided before any undo runs, so nothing can complete it
 * meanwhile, and every undo is idempotent, so recovery repeating them all later is safe.
 */
export async function undoAll(undos: (() => Promise<unknown>)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const undo of undos) {
    try {
      await undo();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}
