import http from 'node:http';
import type { LoadRun } from './load.js';

/** The value at quantile `q` (0 to 1) of ascending `sorted` values (nearest rank). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export interface SequentialOptions {
  url: string;
  headers?: Record<string, string>;
  seconds: number;
}

/**
 * One request at a time on one keep-alive connection, each timed with the high-resolution clock:
 * the unloaded latency of a route to the microsecond (autocannon's histogram counts whole
 * milliseconds, which hides everything below 1 ms).
 */
export async function runSequential(options: SequentialOptions): Promise<LoadRun> {
  const url = new URL(options.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`the bench only loads 127.0.0.1, not ${url.hostname}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  try {
    while (performance.now() < deadline) {
      const begin = performance.now();
      try {
        const status = await get(url, options.headers ?? {}, agent);
        if (status >= 200 && status < 300) latencies.push(performance.now() - begin);
        else {
          non2xx++;
          statusCodes[String(status)] = (statusCodes[String(status)] ?? 0) + 1;
        }
      } catch {
        errors++;
      }
    }
  } finally {
    agent.destroy();
  }
  const elapsed = (performance.now() - started) / 1000;
  const requests = latencies.length + non2xx + errors;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    connections: 1,
    seconds: elapsed,
    requests,
    rps: requests / elapsed,
    meanMs: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    errors,
    non2xx,
    statusCodes,
  };
}

function get(url: URL, headers: Record<string, string>, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent, timeout: 10_000 }, (response) => {
      response.resume();
      response.once('end', () => {
        resolve(response.statusCode ?? 0);
      });
      response.once('error', reject);
    });
    request.once('timeout', () => request.destroy(new Error('timed out')));
    request.once('error', reject);
  });
}
