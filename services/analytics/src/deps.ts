import type { Db } from '@bodega/db';
import type { Logger } from '@bodega/logging';
import type { SessionLimiter } from './beacons/session-limit.js';
import type { AnalyticsMetrics } from './metrics.js';

/** What analytics' use cases are given: explicit dependencies, an explicit clock, no globals. */
export interface AnalyticsDeps {
  db: Db;
  logger: Logger;
  metrics: AnalyticsMetrics;
  /** Beacon events each session may send per minute. */
  limiter: SessionLimiter;
  /** The shop's currency: every money figure is in it. */
  currency: string;
  now: () => Date;
}
