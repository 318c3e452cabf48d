import type { Pool } from 'undici';
import { UpstreamServerError, classifyTransportError, upstreamTimeout } from './failures.js';
import { upstreamResponse } from './response.js';
import type { UpstreamResponse } from './types.js';

/** One attempt at a request, already prepared for the wire. */
export interface Attempt {
  upstream: string;
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  payload: Buffer | string | undefined;
  signal: AbortSignal | undefined;
  timeoutMs: number;
}

/**
 * Sends one attempt and buffers the answer. Rejects with the `@bodega/errors` kind of a transport
 * failure, with `UpstreamServerError` for a 5xx (so the breaker counts it), or with the caller's abort
 * reason when the caller cancelled.
 */
export async function sendOnce(pool: Pool, attempt: Attempt): Promise<UpstreamResponse> {
  // One deadline for headers and body together: undici's own timeouts reset on every chunk, so a
  // trickling upstream would never trip them.
  const deadline = new AbortController();
  const timer = setTimeout(() => {
    deadline.abort();
  }, attempt.timeoutMs);
  const signal = attempt.signal ? AbortSignal.any([attempt.signal, deadline.signal]) : deadline.signal;
  let response: UpstreamResponse;
  try {
    const answer = await pool.request({
      method: attempt.method,
      path: attempt.path,
      headers: attempt.headers,
      body: attempt.payload ?? null,
      signal,
      headersTimeout: attempt.timeoutMs,
      bodyTimeout: attempt.timeoutMs,
    });
    const body = Buffer.from(await answer.body.arrayBuffer());
    response = upstreamResponse(attempt.upstream, answer.statusCode, answer.headers, body);
  } catch (error) {
    if (attempt.signal?.aborted) throw attempt.signal.reason;
    if (deadline.signal.aborted) throw upstreamTimeout(attempt.upstream, error);
    throw classifyTransportError(attempt.upstream, error);
  } finally {
    clearTimeout(timer);
  }
  if (response.status >= 500) throw new UpstreamServerError(response);
  return response;
}
