import type { GatewayConfig } from '../config.js';

/** The services behind the gateway, each with the config key of its base URL. */
export const upstreamServices = {
  identity: 'IDENTITY_URL',
  catalog: 'CATALOG_URL',
  search: 'SEARCH_URL',
  orders: 'ORDERS_URL',
  payments: 'PAYMENTS_URL',
  analytics: 'ANALYTICS_URL',
} as const satisfies Record<string, keyof GatewayConfig>;

export type UpstreamName = keyof typeof upstreamServices;

/**
 * Which rate limits a route gets on top of the per-IP default: `auth` is the stricter per-IP limit of
 * the auth routes, `login` adds the per-IP and per-email login limits to it.
 */
export type LimitPolicy = 'default' | 'auth' | 'login';

export interface PublicRoute {
  /** A find-my-way pattern: `/api/v1/me`, or `/api/v1/auth/*` for everything below a prefix. */
  path: string;
  /** The service the request is forwarded to, unchanged (same method, path, query and body). */
  service: UpstreamName;
  /** Methods forwarded; default all of GET, HEAD, POST, PUT, PATCH and DELETE. */
  methods?: readonly ProxiedMethod[];
  limits?: LimitPolicy;
}

export type ProxiedMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Methods forwarded when a route names none. HEAD is forwarded as HEAD (not answered from a GET), so
 * the upstream's Content-Length comes back; OPTIONS is CORS preflight, answered by the gateway.
 */
export const proxiedMethods: readonly ProxiedMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Everything public under /api/v1, and where it goes. Anything else, `/internal/*` above all, is never
 * forwarded: it is a 404 at the gateway. A new service adds its lines here and its URL to the config.
 */
export const routeTable: readonly PublicRoute[] = [
  { path: '/api/v1/auth/login', service: 'identity', methods: ['POST'], limits: 'login' },
  { path: '/api/v1/auth/*', service: 'identity', limits: 'auth' },
  { path: '/api/v1/me', service: 'identity' },
  { path: '/api/v1/users', service: 'identity' },
  { path: '/api/v1/users/*', service: 'identity' },
  { path: '/api/v1/products', service: 'catalog' },
  { path: '/api/v1/products/*', service: 'catalog' },
  { path: '/api/v1/categories', service: 'catalog' },
  { path: '/api/v1/reviews/*', service: 'catalog' },
  { path: '/api/v1/search', service: 'search', methods: ['GET', 'HEAD'] },
  { path: '/api/v1/recommendations', service: 'search', methods: ['GET', 'HEAD'] },
  { path: '/api/v1/cart', service: 'orders' },
  { path: '/api/v1/cart/*', service: 'orders' },
  { path: '/api/v1/pricing/quote', service: 'orders', methods: ['POST'] },
  { path: '/api/v1/checkout', service: 'orders', methods: ['POST'] },
  { path: '/api/v1/orders', service: 'orders' },
  { path: '/api/v1/orders/*', service: 'orders' },
  { path: '/api/v1/promotions', service: 'orders' },
  { path: '/api/v1/promotions/*', service: 'orders' },
  { path: '/api/v1/payments', service: 'payments' },
  { path: '/api/v1/payments/*', service: 'payments' },
  { path: '/api/v1/events', service: 'analytics', methods: ['POST'] },
  { path: '/api/v1/analytics/*', service: 'analytics', methods: ['GET', 'HEAD'] },
];

/** The base URL of every upstream service, from the config. */
export function upstreamUrls(config: GatewayConfig): Record<UpstreamName, string> {
  const entries = Object.entries(upstreamServices).map(([name, key]) => [name, config[key]]);
  return Object.fromEntries(entries) as Record<UpstreamName, string>;
}
