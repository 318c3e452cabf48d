import { Counter, type Registry } from 'prom-client';
import { cancelReasons } from '../checkout/outcome.js';

/**
 * Orders' business series on /metrics, counted once a checkout's end is committed (by the saga or by
 * recovery), so a retried request or a replayed recovery pass counts nothing twice.
 */
export interface OrdersMetrics {
  /** A checkout ended paid: one order placed, its total as revenue. */
  placed(order: { total: number; currency: string }): void;
  /** A checkout ended with its order cancelled, for `reason` (a cancel reason of the saga). */
  checkoutFailed(reason: string): void;
}

const knownReasons: ReadonlySet<string> = new Set(Object.values(cancelReasons));

export function createOrdersMetrics(registry: Registry): OrdersMetrics {
  const registers = [registry];
  const placed = new Counter({
    name: 'orders_placed_total',
    help: 'Orders placed (checkout ended paid), by currency',
    labelNames: ['currency'] as const,
    registers,
  });
  const revenue = new Counter({
    name: 'orders_revenue_minor_units_total',
    help: 'Order totals of placed orders, in minor units of their currency (cents for USD), by currency',
    labelNames: ['currency'] as const,
    registers,
  });
  const failures = new Counter({
    name: 'orders_checkout_failures_total',
    help: 'Checkouts that ended with their order cancelled, by reason (out_of_stock, payment_declined, payment_unavailable...)',
    labelNames: ['reason'] as const,
    registers,
  });
  // Every reason is a series from the start, so rates and alerts see a 0 rather than no data.
  for (const reason of knownReasons) failures.inc({ reason }, 0);
  return {
    placed(order) {
      placed.inc({ currency: order.currency });
      revenue.inc({ currency: order.currency }, order.total);
    },
    checkoutFailed(reason) {
      // A reason the saga does not know (a future one) must not mint a series per value.
      failures.inc({ reason: knownReasons.has(reason) ? reason : 'other' });
    },
  };
}
