import type { Registry } from 'prom-client';

/** Cumulative request counts at one instant, from the service's own HTTP metrics. */
export interface RequestSample {
  at: number;
  requests: number;
  errors: number;
  /** Cumulative histogram counts by upper bound in seconds (`+Inf` as Infinity), ascending. */
  buckets: [number, number][];
}

/** What the operations page shows of a service's traffic, over a window. */
export interface RequestStats {
  request_rate_per_s: number;
  error_rate: number;
  p95_ms: number;
}

interface MetricValue {
  labels: Record<string, string | number | undefined>;
  value: number;
  metricName?: string;
}

/** Routes that are not traffic: probes, scrapes and these very questions. */
const notTraffic = ['/healthz', '/readyz', '/metrics', '/internal/ops/'];

function isTraffic(route: unknown): boolean {
  return typeof route !== 'string' || !notTraffic.some((prefix) => route.startsWith(prefix));
}

async function values(registry: Registry, name: string): Promise<MetricValue[]> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return [];
  const { values: found }: { values: MetricValue[] } = await metric.get();
  return found;
}

/** Reads the counters now. */
export async function sampleRequests(registry: Registry, at = Date.now()): Promise<RequestSample> {
  let requests = 0;
  let errors = 0;
  for (const { labels, value } of await values(registry, 'http_requests_total')) {
    if (!isTraffic(labels.route)) continue;
    requests += value;
    if (Number(labels.status_code) >= 500) errors += value;
  }
  const byBound = new Map<number, number>();
  for (const { labels, value, metricName } of await values(registry, 'http_request_duration_seconds')) {
    if (metricName !== 'http_request_duration_seconds_bucket' || !isTraffic(labels.route)) continue;
    const bound = labels.le === '+Inf' ? Infinity : Number(labels.le);
    byBound.set(bound, (byBound.get(bound) ?? 0) + value);
  }
  const buckets = [...byBound].sort(([a], [b]) => a - b);
  return { at, requests, errors, buckets };
}

/** Rates and the 95th percentile between two samples (Prometheus' `histogram_quantile` interpolation). */
export function statsBetween(from: RequestSample, to: RequestSample): RequestStats {
  const seconds = Math.max(0.001, (to.at - from.at) / 1000);
  const requests = Math.max(0, to.requests - from.requests);
  const errors = Math.max(0, to.errors - from.errors);
  const before = new Map(from.buckets);
  const deltas = to.buckets.map(([bound, count]) => [bound, count - (before.get(bound) ?? 0)] as const);
  return {
    request_rate_per_s: round(requests / seconds),
    error_rate: requests === 0 ? 0 : round(errors / requests),
    p95_ms: round(quantile(0.95, deltas) * 1000),
  };
}

function quantile(q: number, buckets: readonly (readonly [number, number])[]): number {
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total <= 0) return 0;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of buckets) {
    if (count >= rank) {
      // Beyond the last finite bound nothing is known but the bound itself.
      if (bound === Infinity) return lowerBound;
      return lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / Math.max(1, count - lowerCount);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Keeps a sample every 10 seconds for the last minute, so a summary reports the last minute's traffic
 * (since start while the service is younger than that).
 */
export class RequestWindow {
  readonly #samples: [RequestSample, ...RequestSample[]];
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly registry: Registry,
    private readonly windowMs = 60_000,
    intervalMs = 10_000,
  ) {
    this.#samples = [{ at: Date.now(), requests: 0, errors: 0, buckets: [] }];
    this.#timer = setInterval(() => void this.#record(), intervalMs);
    this.#timer.unref();
  }

  async #record(): Promise<RequestSample> {
    const sample = await sampleRequests(this.registry);
    this.#samples.push(sample);
    // Keep the newest sample at least a window old as the baseline, drop anything older.
    while ((this.#samples[1]?.at ?? Infinity) <= sample.at - this.windowMs) this.#samples.shift();
    return sample;
  }

  async stats(): Promise<RequestStats> {
    const baseline = this.#samples[0];
    const now = await sampleRequests(this.registry);
    return statsBetween(baseline, now);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
