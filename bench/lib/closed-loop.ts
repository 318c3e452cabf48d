import http from 'node:http';
import { quantile } from './sequential.js';

/** One request a worker sends: everything but the origin, which the run fixes. */
export interface LoopRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface ClosedLoopOptions {
  /** Origin, 127.0.0.1 only. */
  url: string;
  /** Concurrent workers, each one request at a time on its own keep-alive connection. */
  workers: number;
  seconds: number;
  /** The next request of worker `worker` (its `n`th): lets each worker be a different customer. */
  next: (worker: number, n: number) => LoopRequest;
}

/** A closed-loop run's figures: exact percentiles (high-resolution clock), 2xx only in the latencies. */
export interface ClosedLoopRun {
  workers: number;
  seconds: number;
  requests: number;
  ok: number;
  rps: number;
  okPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  /** Non-2xx answers by `status code`, e.g. `{ "409 OUT_OF_STOCK": 3 }`. */
  refusals: Record<string, number>;
}

/**
 * `workers` simulated clients, each sending its next request as soon as the previous one is answered,
 * for `seconds`. Unlike autocannon, every request can differ (a customer's own token, a fresh
 * idempotency key) and the percentiles are exact, p95 included.
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopRun> {
  const origin = new URL(options.url);
  if (origin.hostname !== '127.0.0.1')
    throw new Error(`the bench only loads 127.0.0.1, not ${origin.hostname}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.workers });
  const latencies: number[] = [];
  const refusals: Record<string, number> = {};
  let errors = 0;
  let requests = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const worker = async (index: number) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const request = options.next(index, n);
      const begin = performance.now();
      try {
        const answer = await send(origin, request, agent);
        requests++;
        if (answer.status >= 200 && answer.status < 300) latencies.push(performance.now() - begin);
        else {
          const key = `${answer.status} ${answer.code ?? ''}`.trim();
          refusals[key] = (refusals[key] ?? 0) + 1;
        }
      } catch {
        requests++;
        errors++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.workers }, (_, index) => worker(index)));
  } finally {
    agent.destroy();
  }
  const elapsed = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    workers: options.workers,
    seconds: elapsed,
    requests,
    ok: sorted.length,
    rps: requests / elapsed,
    okPerSecond: sorted.length / elapsed,
    p50Ms: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    errors,
    refusals,
  };
}

/** Sends one JSON request; resolves with the status and, for an error body, its code. */
export function send(
  origin: URL,
  request: LoopRequest,
  agent?: http.Agent,
): Promise<{ status: number; code?: string; body: string }> {
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      new URL(request.path, origin),
      {
        method: request.method,
        agent,
        timeout: 30_000,
        headers: {
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...request.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('end', () => {
          const body = Buffer.concat(chunks).toString();
          const status = response.statusCode ?? 0;
          let code: string | undefined;
          if (status >= 400) {
            try {
              code = (JSON.parse(body) as { error?: { code?: string } }).error?.code;
            } catch {
              code = undefined;
            }
          }
          resolve({ status, ...(code === undefined ? {} : { code }), body });
        });
        response.once('error', reject);
      },
    );
    outgoing.once('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.once('error', reject);
    outgoing.end(payload);
  });
}
