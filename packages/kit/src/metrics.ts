import fs from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import type { FastifyInstance } from 'fastify';
import type { Database } from '@bodega/db';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Bucket bounds of `http_request_duration_seconds`. The latency objectives (deploy/observability/slo)
 * count requests under 300 ms and 500 ms, so both are bounds: a ratio read from buckets is exact only
 * at a bound.
 */
export const httpDurationBuckets = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.3, 0.5, 1, 2.5, 5,
] as const;

/**
 * A registry per service rather than prom-client's global one: in embedded mode every service shares
 * one process, and each must still expose only its own series on its own `/metrics`.
 *
 * Besides prom-client's defaults (`process_cpu_seconds_total`, `process_resident_memory_bytes`,
 * `nodejs_heap_size_used_bytes`, `nodejs_eventloop_lag_p99_seconds`, GC...), it carries the limits
 * those are measured against, so "above 80%" alerts need nothing but the service's own series.
 */
export function createMetricsRegistry(service: string, options: { runtime?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  // Off with METRICS_ENABLED=false: the default collectors sample the event loop continuously.
  if (options.runtime ?? true) collectDefaultMetrics({ register: registry });
  installResourceLimits(registry);
  return registry;
}

/** Turns the per-request HTTP metrics on and off (`METRICS_ENABLED`); on by default. */
export interface HttpMetricsSwitch {
  enabled: boolean;
}

/**
 * Request rate, errors and duration by route and status: the RED metrics of every service. Switched
 * off, the hooks return at once: nothing is allocated per request.
 */
export function installHttpMetrics(app: FastifyInstance, registry: Registry): HttpMetricsSwitch {
  const state: HttpMetricsSwitch = { enabled: true };
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [...httpDurationBuckets],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'Requests being handled',
    registers: [registry],
  });

  // Callback hooks: an async hook costs a promise per request, even when switched off.
  app.addHook('onRequest', (_request, _reply, done) => {
    if (state.enabled) inFlight.inc();
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    if (!state.enabled) {
      done();
      return;
    }
    inFlight.dec();
    // The route pattern, never the raw URL: ids in paths would explode the series count.
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
  return state;
}

/**
 * The database pool's use, read on scrape: connections open, idle, clients waiting for one, and the
 * pool's size (saturation = (open - idle) / max). Registering twice on one registry is a no-op, so
 * the call can move into the runtime later without breaking a service that still makes it.
 */
export function observeDatabasePool(registry: Registry, database: Pick<Database, 'poolStats'>): void {
  if (registry.getSingleMetric('db_pool_connections')) return;
  type Stats = ReturnType<Database['poolStats']>;
  const gauge = (options: { name: string; help: string; read: (stats: Stats) => number }) =>
    new Gauge({
      name: options.name,
      help: options.help,
      registers: [registry],
      collect() {
        this.set(options.read(database.poolStats()));
      },
    });
  gauge({
    name: 'db_pool_connections',
    help: 'Database connections open (in use or idle)',
    read: (s) => s.total,
  });
  gauge({
    name: 'db_pool_connections_idle',
    help: 'Database connections open and idle',
    read: (s) => s.idle,
  });
  gauge({
    name: 'db_pool_connections_max',
    help: 'Database connections the pool may open',
    read: (s) => s.max,
  });
  gauge({
    name: 'db_pool_clients_waiting',
    help: 'Queries waiting for a database connection (the pool is exhausted)',
    read: (s) => s.waiting,
  });
}

/** Where the process's CPU and memory limits are read from; tests point it elsewhere. */
export interface ResourceLimitSources {
  /** cgroup v2 `cpu.max` and cgroup v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us`. */
  cgroupRoot: string;
  /** The cgroup memory limit as Node sees it (`process.constrainedMemory`). */
  constrainedMemory: () => number | undefined;
  totalMemory: () => number;
  cpus: () => number;
}

const systemSources: ResourceLimitSources = {
  cgroupRoot: '/sys/fs/cgroup',
  constrainedMemory: () => process.constrainedMemory(),
  totalMemory: () => os.totalmem(),
  cpus: () => os.availableParallelism(),
};

/** The CPU cores this process may use: its cgroup quota when there is one, else the machine's. */
export function cpuLimitCores(sources: ResourceLimitSources = systemSources): number {
  const read = (file: string) => {
    try {
      return fs.readFileSync(`${sources.cgroupRoot}/${file}`, 'utf8').trim();
    } catch {
      return undefined;
    }
  };
  const v2 = read('cpu.max')?.split(/\s+/);
  const quota = v2 ? Number(v2[0]) : Number(read('cpu/cpu.cfs_quota_us'));
  const period = v2 ? Number(v2[1]) : Number(read('cpu/cpu.cfs_period_us'));
  // No quota reads as "max" (v2), -1 (v1) or no file at all: the machine's cores then.
  if (!(quota > 0 && period > 0)) return sources.cpus();
  return Math.min(sources.cpus(), quota / period);
}

/** The memory this process may use: its cgroup limit when there is one, else the machine's. */
export function memoryLimitBytes(sources: ResourceLimitSources = systemSources): number {
  const total = sources.totalMemory();
  const constrained = sources.constrainedMemory();
  // No limit reads as 0, undefined or a huge sentinel (2^64 on cgroup v1): the machine's memory then.
  return constrained !== undefined && constrained > 0 ? Math.min(constrained, total) : total;
}

/** The limits CPU, memory and heap use are measured against, read once: they do not change while running. */
function installResourceLimits(registry: Registry): void {
  const constant = (options: { name: string; help: string; value: number }) => {
    new Gauge({ name: options.name, help: options.help, registers: [registry] }).set(options.value);
  };
  constant({
    name: 'process_cpu_limit_cores',
    help: 'CPU cores the process may use (cgroup quota, else the machine): rate(process_cpu_seconds_total) over this is CPU use',
    value: cpuLimitCores(),
  });
  constant({
    name: 'process_memory_limit_bytes',
    help: 'Memory the process may use (cgroup limit, else the machine): process_resident_memory_bytes over this is memory use',
    value: memoryLimitBytes(),
  });
  constant({
    name: 'nodejs_heap_size_limit_bytes',
    help: 'The V8 heap size limit: nodejs_heap_size_used_bytes over this is heap use',
    value: v8.getHeapStatistics().heap_size_limit,
  });
}
