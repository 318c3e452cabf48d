import { Counter, type Registry } from 'prom-client';

/** What happened to a hold, as counted on /metrics. */
export type ReservationOutcome = 'held' | 'out_of_stock' | 'committed' | 'released' | 'expired' | 'returned';

const outcomes: readonly ReservationOutcome[] = [
  'held',
  'out_of_stock',
  'committed',
  'released',
  'expired',
  'returned',
];

/** `catalog_reservations_total{outcome}`: transitions only, an idempotent repeat counts nothing. */
export interface ReservationMetrics {
  count(outcome: ReservationOutcome, by?: number): void;
}

export function createReservationMetrics(registry: Registry): ReservationMetrics {
  const counter = new Counter({
    name: 'catalog_reservations_total',
    help: 'Stock holds by outcome: taken, refused for stock, committed, released, expired, returned',
    labelNames: ['outcome'],
    registers: [registry],
  });
  // Every series exists from the start, so rates and alerts see a 0 rather than no data.
  for (const outcome of outcomes) counter.inc({ outcome }, 0);
  return {
    count: (outcome, by = 1) => {
      counter.inc({ outcome }, by);
    },
  };
}
