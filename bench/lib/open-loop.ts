import http from 'node:http';
import { quantile } from './sequential.js';

export interface OpenLoopOptions {
  /** Origin, 127.0.0.1 only. */
  url: string;
  /** Requests per second, sent on schedule whether or not the earlier ones were answered. */
  rate: number;
  seconds: number;
  /** The `n`th request: its path and headers. */
  next: (n: number) => { path: string; headers?: Record<string, string> };
  /** How long after the last request is sent an answer is still waited for. */
  drainMs?: number;
}

/** An open-loop run: every request scheduled counts, answered or not. */
export interface OpenLoopRun {
  rate: number;
  seconds: number;
  /** Requests scheduled (and sent). */
  scheduled: number;
  answered: number;
  ok: number;
  /** Latency from each request's scheduled time to its answer, every answer included (ms). */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Not answered within the drain, or failed on the connection: their latency is unknown, at least the drain. */
  unanswered: number;
  /** Answers that were not 2xx, by status. */
  statusCodes: Record<string, number>;
}

/**
 * Clients arriving at a fixed rate, as shoppers do, whatever the server is going through. Latency is
 * measured from when each request was due, not when a free connection let it go, so a server that
 * stalls shows the whole wait (a closed loop, autocannon's, sends less while it stalls and hides it).
 * A request still unanswered at the end counts as unanswered, and its latency as at least the drain:
 * percentiles then count it as slower than every answer.
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopRun> {
  const origin = new URL(options.url);
  if (origin.hostname !== '127.0.0.1')
    throw new Error(`the bench only loads 127.0.0.1, not ${origin.hostname}`);
  const drainMs = options.drainMs ?? 30_000;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.max(1, Math.round(options.rate * options.seconds));
  const intervalMs = 1000 / options.rate;
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let ok = 0;
  let unanswered = 0;
  const deadline = AbortSignal.timeout(options.seconds * 1000 + drainMs);
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = started + n * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const { path, headers = {} } = options.next(n);
    pending.push(
      get(new URL(path, origin), headers, agent, deadline).then(
        (status) => {
          latencies.push(performance.now() - due);
          if (status >= 200 && status < 300) ok++;
          else statusCodes[String(status)] = (statusCodes[String(status)] ?? 0) + 1;
        },
        () => {
          unanswered++;
        },
      ),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  const sorted = [...latencies, ...Array.from({ length: unanswered }, () => Number.POSITIVE_INFINITY)].sort(
    (a, b) => a - b,
  );
  return {
    rate: options.rate,
    seconds: options.seconds,
    scheduled: total,
    answered: latencies.length,
    ok,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    unanswered,
    statusCodes,
  };
}

function get(
  url: URL,
  headers: Record<string, string>,
  agent: http.Agent,
  signal: AbortSignal,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent, signal }, (response) => {
      response.resume();
      response.once('end', () => {
        resolve(response.statusCode ?? 0);
      });
      response.once('error', reject);
    });
    request.once('error', reject);
  });
}
