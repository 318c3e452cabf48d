import { Type, type Static } from '@sinclair/typebox';
import { Agent, request } from 'undici';
import type { CircuitState } from '@bodega/http-client';
import type { ReadinessCheck, ServiceApp } from '@bodega/kit';

const ServiceHealth = Type.Object({
  name: Type.String(),
  /** `up`: ready; `degraded`: answers but a dependency of it does not; `down`: does not answer. */
  status: Type.Union([Type.Literal('up'), Type.Literal('degraded'), Type.Literal('down')]),
  latency_ms: Type.Integer({ minimum: 0 }),
  /** Each dependency the service checks (`database`, `cache`...) and its state (`ok`, `down`). */
  checks: Type.Record(Type.String(), Type.String()),
  /** The gateway's circuit breaker for this service: `open` means requests to it fail fast. */
  circuit: Type.Optional(
    Type.Union([Type.Literal('closed'), Type.Literal('open'), Type.Literal('half_open')]),
  ),
});

/** `GET /api/v1/status`: the health of every service, for people and for the admin ops page. */
export const StatusReport = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  services: Type.Array(ServiceHealth),
  checked_at: Type.String({ format: 'date-time' }),
});

export type StatusReport = Static<typeof StatusReport>;
type ServiceHealth = Static<typeof ServiceHealth>;

export const statusPath = '/api/v1/status';

/** A service behind the gateway, as the status report sees it. */
export interface StatusTarget {
  name: string;
  baseUrl: string;
  circuit: () => CircuitState;
}

export interface StatusOptions {
  targets: readonly StatusTarget[];
  /** The gateway's own readiness checks (its Redis, in distributed mode). */
  ownChecks: Record<string, ReadinessCheck>;
  /** How long each probe may take before its service counts as down. */
  timeoutMs: number;
  /**
   * How long a report is reused. The route is public and not rate limited, and each report probes
   * every service: reuse keeps a flood of status requests from becoming a flood of probes.
   */
  reuseMs?: number;
}

export interface StatusReporter {
  current(): Promise<StatusReport>;
  close(): Promise<void>;
}

/** Probes each service's `/readyz` in parallel; a report always resolves, however sick the platform. */
export function createStatusReporter(options: StatusOptions): StatusReporter {
  const agent = new Agent({ connections: 2, keepAliveTimeout: 10_000 });
  const reuseMs = options.reuseMs ?? 1_000;
  let last: { at: number; report: Promise<StatusReport> } | undefined;

  const check = async (): Promise<StatusReport> => {
    const services = await Promise.all([
      probeOwn(options.ownChecks, options.timeoutMs),
      ...options.targets.map((target) => probe(agent, target, options.timeoutMs)),
    ]);
    return {
      status: services.every((service) => service.status === 'up') ? 'ok' : 'degraded',
      services,
      checked_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  };

  return {
    current() {
      const now = Date.now();
      if (last === undefined || now - last.at >= reuseMs) last = { at: now, report: check() };
      return last.report;
    },
    close: () => agent.close(),
  };
}

/** Serves the report; 200 even when degraded, since the report itself is the answer. */
export function registerStatusRoute(app: ServiceApp, reporter: StatusReporter): void {
  app.get(statusPath, { schema: { response: { 200: StatusReport } } }, () => reporter.current());
}

async function probe(agent: Agent, target: StatusTarget, timeoutMs: number): Promise<ServiceHealth> {
  const started = performance.now();
  let status: ServiceHealth['status'] = 'down';
  let checks: Record<string, string> = {};
  try {
    const answer = await request(`${target.baseUrl.replace(/\/+$/, '')}/readyz`, {
      dispatcher: agent,
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    checks = checksOf(await answer.body.json().catch(() => undefined));
    // An answer, even a 503, means the service runs; only its dependencies are in trouble.
    status = answer.statusCode === 200 ? 'up' : 'degraded';
  } catch {
    status = 'down';
  }
  return { name: target.name, status, latency_ms: elapsed(started), checks, circuit: target.circuit() };
}

async function probeOwn(
  ownChecks: Record<string, ReadinessCheck>,
  timeoutMs: number,
): Promise<ServiceHealth> {
  const started = performance.now();
  const results = await Promise.all(
    Object.entries(ownChecks).map(async ([name, check]) => {
      try {
        await Promise.race([check(), rejectAfter(timeoutMs)]);
        return [name, 'ok'] as const;
      } catch {
        return [name, 'down'] as const;
      }
    }),
  );
  const ready = results.every(([, state]) => state === 'ok');
  return {
    name: 'gateway',
    status: ready ? 'up' : 'degraded',
    latency_ms: elapsed(started),
    checks: Object.fromEntries(results),
  };
}

/** The `checks` of a kit `/readyz` body, keeping string states only. */
function checksOf(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null || !('checks' in body)) return {};
  const { checks } = body;
  if (typeof checks !== 'object' || checks === null) return {};
  return Object.fromEntries(
    Object.entries(checks).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function rejectAfter(ms: number): Promise<never> {
  return new Promise((_, reject) => {
    setTimeout(() => {
      reject(new Error(`timed out after ${ms} ms`));
    }, ms).unref();
  });
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
