import { isAppError } from '@bodega/errors';
import { UpstreamServerError, upstreamErrorCodes } from './failures.js';

// RFC 9110 §9.2.2: repeating these has the same effect as sending them once.
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
// Answers that mean "not now" rather than "never": a gateway or a restarting instance in the way.
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

/** Whether a request with `method` may be sent again after a failure. */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/**
 * Whether a failed attempt is worth repeating. A timeout is not: the upstream is slow or overloaded, and
 * repeating the request would multiply both the caller's wait and the upstream's load.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof UpstreamServerError) return RETRYABLE_STATUSES.has(error.response.status);
  return isAppError(error) && error.code === upstreamErrorCodes.unreachable;
}

/**
 * The wait before retry number `retry` (1-based): exponential backoff with full jitter, a uniformly random
 * delay up to `base * 2^(retry-1)` capped at `max`, so clients that failed together do not retry together.
 * (See "Exponential Backoff And Jitter", AWS Architecture Blog, 2015.)
 */
export function backoffDelay(
  retry: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** (retry - 1)));
}
