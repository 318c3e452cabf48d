import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Analytics' own series, beside the kit's HTTP metrics. */
export interface AnalyticsMetrics {
  /** Events taken in, by source (`beacon` or `bus`) and type. */
  ingested: Counter<'source' | 'type'>;
  /** Beacon batches refused after parsing, by reason. */
  beaconsRejected: Counter<'reason'>;
  /** Bus events applied as nothing (money in another currency). */
  refused: Counter<'type' | 'reason'>;
  /** Seconds from an event happening to analytics applying it. */
  lag: Histogram<'type'>;
  /** The lag of the last event applied: a stuck or slow consumer shows here first. */
  lastLag: Gauge;
}

export function createAnalyticsMetrics(registry: Registry): AnalyticsMetrics {
  const registers = [registry];
  return {
    ingested: new Counter({
      name: 'analytics_events_ingested_total',
      help: 'Events taken in: beacons accepted and bus events applied, by source and type',
      labelNames: ['source', 'type'] as const,
      registers,
    }),
    beaconsRejected: new Counter({
      name: 'analytics_beacon_batches_rejected_total',
      help: 'Beacon batches refused: events in the future, too old, missing a product, or rate limited',
      labelNames: ['reason'] as const,
      registers,
    }),
    refused: new Counter({
      name: 'analytics_events_refused_total',
      help: 'Bus events applied as nothing, recorded in analytics.refused_events (money in another currency)',
      labelNames: ['type', 'reason'] as const,
      registers,
    }),
    lag: new Histogram({
      name: 'analytics_consumer_lag_seconds',
      help: 'Time from an event happening (envelope occurred_at) to analytics applying it',
      labelNames: ['type'] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800, 3600],
      registers,
    }),
    lastLag: new Gauge({
      name: 'analytics_consumer_last_lag_seconds',
      help: 'Lag of the last event the consumer applied',
      registers,
    }),
  };
}
