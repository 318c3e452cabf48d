import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { redisClientOf } from '@bodega/cache';
import type { ServiceApp, ServiceContext } from '@bodega/kit';
import type { GatewayConfig } from '../config.js';
import type { LimitPolicy } from '../routes/route-table.js';
import { createLimiter, createSharedLimiter, type Limiter } from './limiter.js';
import { createWindowCounter } from './window-counter.js';
import { loginEmailKey } from './login-email.js';

export interface RateLimitOptions {
  config: Pick<
    GatewayConfig,
    | 'RATE_LIMIT_MAX'
    | 'RATE_LIMIT_WINDOW_MS'
    | 'AUTH_RATE_LIMIT_MAX'
    | 'LOGIN_RATE_LIMIT_MAX'
    | 'RATE_LIMIT_NAMESPACE'
  >;
  /** The Redis client to count in (distributed mode: limits hold across gateway replicas); memory otherwise. */
  redis: ReturnType<typeof redisClientOf>;
  /** Route patterns never limited: probes, scrapes and the status report. */
  exempt: readonly string[];
  logger: ServiceContext['logger'];
}

/** The hooks a proxied route adds for its policy, on top of the per-IP default every request gets. */
export interface RouteLimits {
  onRequest: Limiter[];
  preHandler: Limiter[];
  /**
   * Counts `units` more requests against the per-IP default, for a request that costs more than one
   * (a GraphQL request making N upstream calls pays N); throws RATE_LIMITED (429) beyond the limit.
   */
  charge: (request: FastifyRequest, reply: FastifyReply, units: number) => void;
}

// IPv6 clients are counted by /64, the block one subscriber usually holds (as the plugin does by default).
const clientIp = (request: FastifyRequest) => normalizeIP(request.ip);

/**
 * Rate limits (ARCHITECTURE "The gateway"): every request counts against its client IP's default
 * limit; `/api/v1/auth/*` against a stricter one; a login also against a login limit per IP and one
 * per email, so a brute force spread over many addresses is throttled on the account it targets.
 *
 * The per-IP default is counted in memory and shared through Redis in batches (`createWindowCounter`):
 * it is on every request's path. The auth and login limits count exactly, one Redis round trip per
 * request (the plugin's `createRateLimit`), because a few extra password guesses matter there and
 * those routes are rare. They run as hooks of their own rather than as the plugin's route config,
 * because a route gets one config while a login must pass four counters. Every counter shares the
 * store's key space, so each key starts with its scope.
 */
export async function installRateLimits(
  app: ServiceApp,
  options: RateLimitOptions,
): Promise<(policy: LimitPolicy) => RouteLimits> {
  const { config } = options;
  await app.register(rateLimit, {
    global: false,
    cache: 10_000,
    ...(options.redis ? { redis: options.redis, nameSpace: config.RATE_LIMIT_NAMESPACE } : {}),
  });
  const windowMs = config.RATE_LIMIT_WINDOW_MS;
  // Every request pays this one: counted in memory, shared in batches (see createWindowCounter).
  const counter = createWindowCounter({
    windowMs,
    prefix: `${config.RATE_LIMIT_NAMESPACE}shared:`,
    redis: options.redis,
    logger: options.logger,
  });
  app.addHook('onClose', () => counter.close());
  const perIp = createSharedLimiter(counter, {
    scope: 'ip',
    max: config.RATE_LIMIT_MAX,
    windowMs,
    key: (r) => `ip:${clientIp(r)}`,
  });
  const authPerIp = createLimiter(app, {
    scope: 'auth_ip',
    max: config.AUTH_RATE_LIMIT_MAX,
    windowMs,
    key: (r) => `auth-ip:${clientIp(r)}`,
  });
  const loginPerIp = createLimiter(app, {
    scope: 'login_ip',
    max: config.LOGIN_RATE_LIMIT_MAX,
    windowMs,
    key: (r) => `login-ip:${clientIp(r)}`,
  });
  const loginPerEmail = createLimiter(app, {
    scope: 'login_email',
    max: config.LOGIN_RATE_LIMIT_MAX,
    windowMs,
    key: (r) => {
      const email = loginEmailKey(r.body, r.headers['content-type']);
      return email === undefined ? undefined : `login-email:${email}`;
    },
  });

  // Every route, unknown paths included (scanning is traffic too), except the exempt ones.
  const exempt = new Set(options.exempt);
  app.addHook('onRequest', (request, reply, done) => {
    if (exempt.has(request.routeOptions.url ?? '')) {
      done();
      return;
    }
    try {
      perIp(request, reply);
    } catch (error) {
      done(error as Error); // the 429
      return;
    }
    done();
  });

  const charge: RouteLimits['charge'] = (request, reply, units) => {
    if (units > 0 && !exempt.has(request.routeOptions.url ?? '')) perIp(request, reply, units);
  };
  const policies: Record<LimitPolicy, RouteLimits> = {
    default: { onRequest: [], preHandler: [], charge },
    auth: { onRequest: [authPerIp], preHandler: [], charge },
    // The email is in the body: counted once it is read, the per-IP counts before reading it.
    login: { onRequest: [authPerIp, loginPerIp], preHandler: [loginPerEmail], charge },
  };
  return (policy) => policies[policy];
}
