/**
 * The HTTP client between services, and from the gateway to them: one `Upstream` per service, with a
 * keep-alive pool, deadlines, retries of idempotent requests and a circuit breaker.
 */
export { createUpstream, Upstream, type UpstreamOptions } from './upstream.js';
export type { BreakerOptions } from './breaker.js';
export { upstreamErrorCodes } from './failures.js';
export type {
  CircuitState,
  CircuitStateChange,
  Headers,
  UpstreamRequest,
  UpstreamResponse,
} from './types.js';
