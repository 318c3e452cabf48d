/**
 * Bodega's service level objectives, as code: the one place to change what a service promises.
 * `npm run observability:generate` (deploy/observability/generate.ts) turns this file into
 * prometheus/rules/slo.yml and its promtool tests; a vitest test fails when they drift apart.
 *
 * The thresholds are the designs' (issue 7): availability 99.9% critical / 99.95% warning, error rate
 * above 1% critical / 0.5% warning, p95 latency above 500 ms critical / 300 ms warning.
 *
 * How they become alerts (deploy/observability/README.md "SLOs"):
 * - Availability, as multi-window multi-burn-rate alerts (Google SRE workbook, "Alerting on SLOs"):
 *   the page windows (1h/5m at 14.4x, 6h/30m at 6x the error budget) defend the critical objective
 *   (99.9%); the ticket windows (1d/2h at 3x, 3d/6h at 1x) defend the warning objective (99.95%), so a
 *   slow leak is ticketed while the real objective still has budget.
 * - Latency the same way, on "p95 under the threshold" read as an objective: 95% of requests faster
 *   than 500 ms (page windows) and 95% faster than 300 ms (ticket windows).
 * - Error rate and p95 latency over 5 minutes against their thresholds: the direct, fast signals.
 */

/** What one service promises; every ratio is a fraction (0.999 is 99.9%). */
export interface ServiceObjectives {
  service: string;
  availability: {
    /** Share of requests answered without a 5xx over 30 days; the page windows defend it. */
    critical: number;
    /** The stricter internal target the ticket windows defend. */
    warning: number;
  };
  latency: {
    /** The share of requests the thresholds speak of: 0.95 for "p95". */
    percentile: number;
    /** Seconds; must be a bucket bound of http_request_duration_seconds (`httpDurationBuckets`). */
    criticalSeconds: number;
    warningSeconds: number;
  };
  errorRate: {
    /** Share of 5xx answers over 5 minutes. */
    critical: number;
    warning: number;
  };
  /**
   * Below this rate (requests per second over 5 minutes) the error-rate and p95 alerts stay quiet:
   * with a handful of requests, one failure is a large share and says nothing about the service.
   * The burn-rate alerts keep watching (their long windows gather enough requests).
   */
  minRequestsPerSecond: number;
}

/** The designs' thresholds, which every service takes unless it states its own. */
export const defaultObjectives: Omit<ServiceObjectives, 'service'> = {
  availability: { critical: 0.999, warning: 0.9995 },
  latency: { percentile: 0.95, criticalSeconds: 0.5, warningSeconds: 0.3 },
  errorRate: { critical: 0.01, warning: 0.005 },
  minRequestsPerSecond: 0.05,
};

/** Every service of the platform (a test checks the list against services/). */
export const objectives: ServiceObjectives[] = [
  'gateway',
  'identity',
  'catalog',
  'search',
  'orders',
  'payments',
  'analytics',
].map((service) => ({ service, ...defaultObjectives }));

/**
 * Routes that are not the service's work: probes and scrapes. They are left out of every objective,
 * so a failing readiness probe (503) is not counted as users' errors.
 */
export const probeRoutes = ['/healthz', '/readyz', '/metrics'];

/** Where every alert's runbook lives (docs/runbooks/alerts/<alert>.md in the repository). */
export const runbookBaseUrl = 'https://github.com/bodega-commerce/bodega/blob/main/docs/runbooks/alerts/';

/** The `runbook_url` annotation of `alert`. */
export function runbookUrl(alert: string): string {
  return `${runbookBaseUrl}${alert}.md`;
}
