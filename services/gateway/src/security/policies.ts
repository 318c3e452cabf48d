import type { FastifyCorsOptions } from '@fastify/cors';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify from 'fastify';

/**
 * Security headers on every answer, errors included. The CSP is the web app's (issue 6): its own
 * scripts, styles and API calls only, no inline script, never framed.
 */
export const securityHeaders: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
};

/**
 * The headers helmet sets for `options`, computed once. Helmet re-derives them on every response
 * (parsing the CSP directives each time: a measurable share of a proxied request's CPU); they do not
 * depend on the request, so the gateway asks helmet once, at boot, through a throwaway app, and then
 * sets the same headers itself.
 */
export async function staticSecurityHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = Fastify();
  await probe.register(helmet, options);
  probe.get('/', () => '');
  const answer = await probe.inject({ method: 'GET', url: '/' });
  await probe.close();
  const reference = Fastify();
  reference.get('/', () => '');
  const plain = await reference.inject({ method: 'GET', url: '/' });
  await reference.close();
  return Object.fromEntries(
    Object.entries(answer.headers)
      .filter(([name]) => !(name in plain.headers))
      .map(([name, value]) => [name, String(value)]),
  );
}

/** Response headers a browser script may read: request ids for support, and how to back off. */
const exposedHeaders = [
  'x-request-id',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  // A guest cart's token, and whether an idempotent request was answered from its first response.
  'x-cart-token',
  'idempotent-replayed',
];

/**
 * CORS for the listed origins only, with credentials (the refresh cookie). Any other origin, or a request
 * without one, gets no CORS header at all, and its preflight is a 404.
 */
export function corsPolicy(allowed: ReadonlySet<string>): FastifyCorsOptions {
  return {
    origin: (origin, callback) => {
      callback(null, origin !== undefined && allowed.has(origin) ? origin : false);
    },
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders,
    maxAge: 600,
  };
}
