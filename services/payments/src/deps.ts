import type { Db } from '@bodega/db';
import type { Logger } from '@bodega/logging';
import type { PaymentMetrics } from './payments/payment-metrics.js';
import type { SimulatedProvider } from './provider/simulated-provider.js';

/** What payments' use cases are given: explicit dependencies, an explicit clock, no globals. */
export interface PaymentsDeps {
  db: Db;
  logger: Logger;
  now: () => Date;
  provider: SimulatedProvider;
  metrics: PaymentMetrics;
}
