import autocannon, { type Options, type Result } from 'autocannon';

/** One load run: what was asked and what came back. */
export interface LoadRun {
  connections: number;
  seconds: number;
  requests: number;
  /** Completed requests per second. */
  rps: number;
  /**
   * Mean latency in milliseconds. Under autocannon it comes from Little's law (connections / req/s),
   * exact for a closed loop, where its histogram would truncate every sample to whole milliseconds.
   */
  meanMs: number;
  /** Percentiles of 2xx responses in milliseconds (whole milliseconds under autocannon). */
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts included. */
  errors: number;
  non2xx: number;
  /** Non-2xx status codes seen, e.g. `{ "429": 12 }`. */
  statusCodes: Record<string, number>;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  method?: Options['method'];
  headers?: Record<string, string>;
  /** A JSON body, sent with `content-type: application/json`. */
  json?: unknown;
}

/** Runs autocannon against one URL (127.0.0.1 only) and returns the figures the tables show. */
export async function runLoad(options: LoadOptions): Promise<LoadRun> {
  const url = new URL(options.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`the bench only loads 127.0.0.1, not ${url.hostname}`);
  const base: Options = {
    url: options.url,
    method: options.method ?? 'GET',
    connections: options.connections,
    timeout: 10,
    headers: { ...options.headers },
  };
  if (options.json !== undefined) {
    base.body = JSON.stringify(options.json);
    base.headers = { 'content-type': 'application/json', ...base.headers };
  }
  return summarize(await autocannonRun({ ...base, duration: options.seconds }), options.connections);
}

function autocannonRun(options: Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => {
      if (error) reject(error);
      else resolve(result);
    });
  });
}

/** The figures of one autocannon result. */
export function summarize(result: Result, connections: number): LoadRun {
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats)) {
    if (!code.startsWith('2')) statusCodes[code] = stats.count;
  }
  return {
    connections,
    seconds: result.duration,
    requests: result.requests.total,
    rps: result.requests.total / result.duration,
    meanMs: (connections * 1000 * result.duration) / result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    statusCodes,
  };
}
