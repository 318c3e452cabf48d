import { setTimeout as sleep } from 'node:timers/promises';
import { Unavailable } from '@bodega/errors';
import { Pool } from 'undici';
import {
  activeTraceparent,
  endSpan,
  formatTraceparent,
  SpanKind,
  SpanStatusCode,
  startChildSpan,
  type Tracer,
} from '@bodega/tracing';
import { Breaker, type BreakerOptions } from './breaker.js';
import { UpstreamServerError, isUpstreamFailure, upstreamErrorCodes } from './failures.js';
import { encodeBody, outgoingHeaders } from './request-body.js';
import { backoffDelay, isIdempotent, isRetryable } from './retry-policy.js';
import { sendOnce, type Attempt } from './send.js';
import type { CircuitState, CircuitStateChange, UpstreamRequest, UpstreamResponse } from './types.js';

/** How to reach one upstream service, and how hard to try. */
export interface UpstreamOptions {
  /** The service's name, used in error messages, logs and metrics (`catalog`). */
  name: string;
  /** Origin, optionally with a base path: `http://127.0.0.1:8102`. */
  baseUrl: string;
  /** How long one attempt may take, headers and body together. Default 5,000 ms. */
  timeoutMs?: number;
  /** How long establishing a connection may take. Default the smaller of 2,000 ms and `timeoutMs`. */
  connectTimeoutMs?: number;
  /** Keep-alive connections in the pool. Default 128. */
  connections?: number;
  /** Further attempts after a failure, for idempotent methods only. Default 2. */
  retries?: number;
  /** Backoff between attempts: full jitter over `baseMs * 2^n`, capped at `maxMs`. Default 100 / 2,000 ms. */
  backoff?: { baseMs?: number; maxMs?: number };
  breaker?: BreakerOptions;
  /**
   * The calling service's tracer. Without one, the tracer of the traced work making the call is used:
   * a client span per call (retries included), its `traceparent` sent along.
   */
  tracer?: Tracer | undefined;
}

/**
 * A client for one upstream service: a keep-alive connection pool, a deadline per attempt, retries of
 * idempotent requests, and a circuit breaker.
 *
 * Any HTTP answer is a response, returned as is; failures reject with `@bodega/errors` kinds:
 * `BadGateway` (`UPSTREAM_UNREACHABLE`) when the upstream cannot be reached, `Timeout`
 * (`UPSTREAM_TIMEOUT`) when it does not answer in time, `Unavailable` (`CIRCUIT_OPEN`, with
 * `retry-after`) while its circuit is open. Only those failures and 5xx answers count against the
 * circuit; a 4xx is the caller's problem, not the upstream's.
 */
export class Upstream {
  readonly name: string;
  readonly baseUrl: string;
  readonly #pool: Pool;
  readonly #breaker: Breaker;
  readonly #basePath: string;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #backoffBaseMs: number;
  readonly #backoffMaxMs: number;
  readonly #tracer: Tracer | undefined;
  readonly #host: string;
  readonly #port: number;
  #closed = false;

  constructor(options: UpstreamOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`the base URL of ${options.name} must be http or https`);
    }
    this.name = options.name;
    this.baseUrl = options.baseUrl;
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#retries = options.retries ?? 2;
    this.#backoffBaseMs = options.backoff?.baseMs ?? 100;
    this.#backoffMaxMs = options.backoff?.maxMs ?? 2_000;
    this.#tracer = options.tracer;
    this.#host = url.hostname;
    this.#port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    this.#pool = new Pool(url.origin, {
      connections: options.connections ?? 128,
      connect: { timeout: options.connectTimeoutMs ?? Math.min(2_000, this.#timeoutMs) },
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
    });
    this.#breaker = new Breaker({
      upstream: options.name,
      errorThresholdPercentage: options.breaker?.errorThresholdPercentage ?? 50,
      resetTimeoutMs: options.breaker?.resetTimeoutMs ?? 10_000,
      volumeThreshold: options.breaker?.volumeThreshold ?? 10,
      rollingWindowMs: options.breaker?.rollingWindowMs ?? 10_000,
      isFailure: isUpstreamFailure,
    });
  }

  /** Sends `request`, retrying idempotent methods on connection failures and 502/503/504 answers. */
  async request(request: UpstreamRequest): Promise<UpstreamResponse> {
    if (this.#closed) {
      throw Unavailable(`${this.name} client is closed`, {
        code: upstreamErrorCodes.closed,
        details: { upstream: this.name },
      });
    }
    const attempt = this.#prepare(request);
    const traced = startChildSpan(this.#tracer, `${attempt.method} ${this.name}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': attempt.method,
        'server.address': this.#host,
        'server.port': this.#port,
        'url.path': attempt.path.split('?', 1)[0] ?? attempt.path,
        'peer.service': this.name,
      },
    });
    if (traced === undefined) {
      // Not recording here (tracing off, or a caller's unsampled trace): pass the caller's context on.
      const traceparent = activeTraceparent();
      if (traceparent !== undefined) attempt.headers.traceparent = traceparent;
      return this.#send(attempt, request.signal);
    }
    attempt.headers.traceparent = formatTraceparent(traced.span.spanContext());
    try {
      const response = await this.#send(attempt, request.signal);
      traced.span.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) traced.span.setStatus({ code: SpanStatusCode.ERROR });
      endSpan(traced.span);
      return response;
    } catch (error) {
      endSpan(traced.span, error);
      throw error;
    }
  }

  async #send(attempt: Attempt, signal: AbortSignal | undefined): Promise<UpstreamResponse> {
    const attempts = isIdempotent(attempt.method) ? this.#retries + 1 : 1;
    for (let number = 1; ; number++) {
      try {
        return await this.#breaker.fire(() => sendOnce(this.#pool, attempt));
      } catch (error) {
        if (number < attempts && isRetryable(error)) {
          await this.#pause(number, signal);
          continue;
        }
        if (error instanceof UpstreamServerError) return error.response;
        throw error;
      }
    }
  }

  /** The circuit's state: `closed` (normal), `open` (failing fast), `half_open` (trying one call). */
  state(): CircuitState {
    return this.#breaker.state;
  }

  /**
   * Calls `listener` on every circuit transition, for metrics and logs; returns the function that stops
   * it. Listeners run inside the breaker's bookkeeping, so they must not throw.
   */
  onStateChange(listener: (change: CircuitStateChange) => void): () => void {
    return this.#breaker.onStateChange(listener);
  }

  /** Refuses new requests, lets those in flight finish, then closes the connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#breaker.shutdown();
    await this.#pool.close();
  }

  #prepare(request: UpstreamRequest): Attempt {
    const { payload, contentType } = encodeBody(request.body);
    const headers = outgoingHeaders(request.headers);
    if (contentType && headers['content-type'] === undefined) headers['content-type'] = contentType;
    return {
      upstream: this.name,
      method: request.method.toUpperCase(),
      path: this.#basePath + request.path,
      headers,
      payload,
      signal: request.signal,
      timeoutMs: request.timeoutMs ?? this.#timeoutMs,
    };
  }

  async #pause(retry: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await sleep(backoffDelay(retry, this.#backoffBaseMs, this.#backoffMaxMs), undefined, { signal });
    } catch (error) {
      // Same outcome as a cancel during an attempt: the caller's own reason.
      throw signal?.reason ?? error;
    }
  }
}

/** A client for one upstream; see {@link Upstream}. */
export function createUpstream(options: UpstreamOptions): Upstream {
  return new Upstream(options);
}
