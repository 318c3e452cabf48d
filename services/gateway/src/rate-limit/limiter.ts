import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimited } from '@bodega/errors';
import type { ServiceApp } from '@bodega/kit';
import type { WindowCounter } from './window-counter.js';

/** One fixed-window counter: `max` requests per `windowMs` for each key. */
export interface LimiterSpec {
  /** Names the limit in logs and in the 429's details: `ip`, `auth_ip`, `login_ip`, `login_email`. */
  scope: string;
  max: number;
  windowMs: number;
  /**
   * The counter this request counts against, or `undefined` when the limit does not apply to it. Keys
   * start with the scope: every counter shares one Redis key space (see `installRateLimits`).
   */
  key: (request: FastifyRequest) => string | undefined;
}

/** A request hook that counts the request and rejects it with a 429 once its counter is over the limit. */
export type Limiter = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

// A key no request produces: requests the limit does not apply to are let through by the allow list.
const NOT_COUNTED = '\0';

/**
 * A limiter over @fastify/rate-limit's store (memory, or Redis shared by every gateway replica). The
 * response says how much room is left (`x-ratelimit-*`, the tightest of the limits that applied), and a
 * rejection is a 429 in the standard error body with `retry-after`.
 */
export function createLimiter(app: ServiceApp, spec: LimiterSpec): Limiter {
  const count = app.createRateLimit({
    max: spec.max,
    timeWindow: spec.windowMs,
    keyGenerator: (request) => spec.key(request) ?? NOT_COUNTED,
    allowList: (_request, key) => key === NOT_COUNTED,
  });
  return async function limit(request, reply) {
    let outcome: Awaited<ReturnType<typeof count>>;
    try {
      outcome = await count(request);
    } catch (error) {
      // A rate-limit store outage must not take the platform down with it: let the request through.
      request.log.warn(
        { err: error, scope: spec.scope },
        'rate limit store unavailable; request not counted',
      );
      return;
    }
    if (outcome.isAllowed) return;
    decide(spec, reply, outcome.isExceeded, outcome.remaining, outcome.ttlInSeconds);
  };
}

/**
 * A limiter over a {@link WindowCounter}: counted in memory, shared through Redis in batches. For the
 * per-IP default that every request pays (see the counter for the over-admission bound). A request
 * may count as `units` requests (a GraphQL request as the upstream calls it can make).
 */
export function createSharedLimiter(
  counter: WindowCounter,
  spec: LimiterSpec,
): (request: FastifyRequest, reply: FastifyReply, units?: number) => void {
  // Synchronous: it is on every request's path, where a promise per request is worth avoiding.
  return function limit(request, reply, units = 1) {
    const key = spec.key(request);
    if (key === undefined) return;
    const { count, resetMs } = counter.hit(key, units);
    decide(spec, reply, count > spec.max, Math.max(0, spec.max - count), Math.ceil(resetMs / 1000));
  };
}

/** Rejects with a 429 once over the limit; otherwise shows the room left (the tightest limit applied). */
function decide(
  spec: LimiterSpec,
  reply: FastifyReply,
  exceeded: boolean,
  remaining: number,
  ttlSeconds: number,
) {
  if (exceeded) {
    throw RateLimited(`Too many requests; retry in ${ttlSeconds} s`, {
      code: 'RATE_LIMITED',
      details: {
        scope: spec.scope,
        limit: spec.max,
        window_ms: spec.windowMs,
        retry_after_s: ttlSeconds,
      },
      headers: {
        'retry-after': String(ttlSeconds),
        'x-ratelimit-limit': String(spec.max),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(ttlSeconds),
      },
    });
  }
  const shown = reply.getHeader('x-ratelimit-remaining');
  if (shown === undefined || remaining < Number(shown)) {
    void reply.header('x-ratelimit-limit', spec.max);
    void reply.header('x-ratelimit-remaining', remaining);
    void reply.header('x-ratelimit-reset', ttlSeconds);
  }
}
