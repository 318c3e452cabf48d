import { Counter, type Registry } from 'prom-client';

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
  return {
    outcome(status, reason) {
      outcomes.inc({ status, reason: reason ?? 'none' });
    },
  };
}
