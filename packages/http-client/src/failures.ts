import { BadGateway, Timeout, isAppError, type AppError } from '@bodega/errors';
import type { UpstreamResponse } from './types.js';

/** Codes of the errors this client raises; callers match on these, not on messages. */
export const upstreamErrorCodes = {
  unreachable: 'UPSTREAM_UNREACHABLE',
  timeout: 'UPSTREAM_TIMEOUT',
  circuitOpen: 'CIRCUIT_OPEN',
  badResponse: 'UPSTREAM_BAD_RESPONSE',
  closed: 'UPSTREAM_CLOSED',
} as const;

/**
 * A 5xx answer on its way through the breaker. The breaker counts rejections only, so a 5xx must reject
 * inside it; outside, the response is handed back to the caller like any other.
 */
export class UpstreamServerError extends Error {
  constructor(readonly response: UpstreamResponse) {
    super(`upstream answered ${response.status}`);
    this.name = 'UpstreamServerError';
  }
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);
// The request itself was wrong: a bug on our side that says nothing about the upstream's health.
const CALLER_ERROR_CODES = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_INVALID_RETURN_VALUE',
]);

/** The upstream did not answer in time. */
export function upstreamTimeout(upstream: string, cause?: unknown): AppError {
  return Timeout(`${upstream} did not answer in time`, {
    code: upstreamErrorCodes.timeout,
    details: { upstream },
    cause,
  });
}

/**
 * What a transport failure means for the caller. The message names the upstream only: addresses, ports
 * and stacks stay in `cause`, for logs.
 */
export function classifyTransportError(upstream: string, error: unknown): unknown {
  const code = errorCode(error);
  if (code === undefined || CALLER_ERROR_CODES.has(code)) return error;
  if (TIMEOUT_CODES.has(code)) return upstreamTimeout(upstream, error);
  return BadGateway(`${upstream} is unreachable`, {
    code: upstreamErrorCodes.unreachable,
    details: { upstream },
    cause: error,
  });
}

/**
 * Whether `error` says something about the upstream's health, and so counts for its breaker. A 503
 * does not: it is the upstream answering, at once, that it cannot do this now (a dependency of its
 * own is down, as orders says PAYMENTS_UNAVAILABLE). It is alive, its answer is clearer than an open
 * circuit's, and its other routes still work; counting it would let an outage behind the upstream
 * shut callers out of all of them.
 */
export function isUpstreamFailure(error: unknown): boolean {
  if (error instanceof UpstreamServerError) return error.response.status !== 503;
  return (
    isAppError(error) &&
    (error.code === upstreamErrorCodes.unreachable || error.code === upstreamErrorCodes.timeout)
  );
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
