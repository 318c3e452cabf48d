import { Counter, type Registry } from 'prom-client';
import { TEST_CARDS } from '../provider/test-cards.js';

/** Payment outcomes on /metrics: approvals, declines by reason, provider errors, captures, voids, refunds. */
export interface PaymentMetrics {
  /** One new outcome: a payment status (or `provider_error`), with its reason when it has one. */
  outcome(status: string, reason?: string | null): void;
}

export function createPaymentMetrics(registry: Registry): PaymentMetrics {
  const outcomes = new Counter({
    name: 'payments_outcomes_total',
    help: 'Payment outcomes by status (authorized, declined, captured, voided, partially_refunded, refunded, provider_error) and reason',
    labelNames: ['status', 'reason'] as const,
    registers: [registry],
  });
  // The provider's decline reasons are series from the start, so declines by reason rate from 0.
  for (const behaviour of Object.values(TEST_CARDS)) {
    if (behaviour.outcome === 'declined') outcomes.inc({ status: 'declined', reason: behaviour.reason }, 0);
  }
  return {
    outcome(status, reason) {
      outcomes.inc({ status, reason: reason ?? 'none' });
    },
  };
}
