import { isIP } from 'node:net';
import { ConfigError, Type, type Static } from '@bodega/config';
import { serviceConfig } from '@bodega/kit';

/** Browser origins of the web app in development (Vite) and as served by the gateway itself. */
const defaultOrigins = 'http://127.0.0.1:8080,http://localhost:8080,http://localhost:5173';
// An origin is scheme://host[:port], nothing more; `*` is refused because credentials are allowed.
const originList = '^\\s*https?://[^\\s,/]+(\\s*,\\s*https?://[^\\s,/]+)*\\s*$';
// A hop count, or addresses/CIDRs and proxy-addr's names; `true` and `false` are neither.
const proxyEntry = '(?:[0-9A-Fa-f:.]+(?:/\\d{1,3})?|loopback|linklocal|uniquelocal)';
const trustProxyPattern = `^\\s*(?:\\d{1,2}|${proxyEntry}(?:\\s*,\\s*${proxyEntry})*)\\s*$`;

/**
 * The gateway's configuration: the common keys (PORT, IDENTITY_URL, REDIS_URL, BODY_LIMIT_BYTES...)
 * plus its own. One more service behind the gateway means one more `<SERVICE>_URL` key here.
 */
export const gatewayConfigSchema = serviceConfig(8080, {
  CATALOG_URL: Type.String({
    default: 'http://127.0.0.1:8102',
    description: 'Where catalog answers (products, categories, stock, reviews)',
  }),
  SEARCH_URL: Type.String({
    default: 'http://127.0.0.1:8103',
    description: 'Where search answers (search, recommendations)',
  }),
  ORDERS_URL: Type.String({
    default: 'http://127.0.0.1:8104',
    description: 'Where orders answers (cart, quotes, checkout, orders, promotions)',
  }),
  PAYMENTS_URL: Type.String({
    default: 'http://127.0.0.1:8105',
    description: 'Where payments answers (payments, refunds)',
  }),
  ANALYTICS_URL: Type.String({
    default: 'http://127.0.0.1:8106',
    description: 'Where analytics answers (behaviour beacons, sales and funnel reports)',
  }),
  EDGE_CACHE_MAX_BYTES: Type.Integer({
    minimum: 0,
    default: 64 * 1024 * 1024,
    description:
      "Memory for the edge cache of answers upstreams mark storable (Surrogate-Control: catalog product reads, and each caller's own GET /me), purged on every change; 0 turns it off",
  }),
  UPSTREAM_TIMEOUT_MS: Type.Integer({
    minimum: 1,
    default: 5_000,
    description: 'How long an upstream service may take to answer a proxied request before a 504',
  }),
  STATUS_TIMEOUT_MS: Type.Integer({
    minimum: 1,
    default: 1_500,
    description: "How long GET /api/v1/status waits for each service's /readyz before calling it down",
  }),
  RATE_LIMIT_MAX: Type.Integer({
    minimum: 1,
    default: 100,
    description: 'Requests one client IP may make per window, on every route but health, metrics and status',
  }),
  RATE_LIMIT_WINDOW_MS: Type.Integer({
    minimum: 1_000,
    default: 60_000,
    description: 'Length of the fixed rate-limit window',
  }),
  AUTH_RATE_LIMIT_MAX: Type.Integer({
    minimum: 1,
    default: 30,
    description: 'Requests one client IP may make per window to /api/v1/auth/*',
  }),
  LOGIN_RATE_LIMIT_MAX: Type.Integer({
    minimum: 1,
    default: 10,
    description: 'Login attempts per window, counted per client IP and, separately, per email address',
  }),
  RATE_LIMIT_NAMESPACE: Type.String({
    minLength: 1,
    default: 'bodega:gateway:rate-limit:',
    description: 'Prefix of the rate-limit counters in Redis (distributed mode)',
  }),
  CORS_ORIGINS: Type.String({
    pattern: originList,
    default: defaultOrigins,
    description: 'Comma-separated browser origins allowed to call the API with credentials',
  }),
  NODE_ENV: Type.String({
    default: 'development',
    description:
      'production turns GraphiQL and GraphQL introspection off (unless GRAPHQL_IDE / GRAPHQL_INTROSPECTION say otherwise)',
  }),
  GRAPHQL_MAX_DEPTH: Type.Integer({
    minimum: 1,
    default: 10,
    description: 'Deepest selection a GraphQL query may nest; deeper is refused with QUERY_TOO_DEEP',
  }),
  GRAPHQL_MAX_COMPLEXITY: Type.Integer({
    minimum: 1,
    default: 2_000,
    description:
      "Highest cost a GraphQL query may have (a field 1, a page its items' cost times its limit, a per-parent upstream call 10); above is QUERY_TOO_COMPLEX",
  }),
  GRAPHQL_MAX_UPSTREAM_CALLS: Type.Integer({
    minimum: 1,
    default: 50,
    description:
      'Most calls to services one GraphQL request may make (every alias of a service field counts, a page times its limit; the per-IP rate limit is charged as many requests); above is QUERY_TOO_COMPLEX',
  }),
  GRAPHQL_MAX_FRAGMENTS: Type.Integer({
    minimum: 0,
    default: 50,
    description: 'Most fragment definitions in one GraphQL document; more is refused with QUERY_TOO_LARGE',
  }),
  GRAPHQL_MAX_ALIASES: Type.Integer({
    minimum: 0,
    default: 30,
    description: 'Most aliased fields in one GraphQL document; more is refused with QUERY_TOO_LARGE',
  }),
  GRAPHQL_MAX_DIRECTIVES: Type.Integer({
    minimum: 0,
    default: 5,
    description:
      'Most directives on one field, fragment spread or definition of a GraphQL document; more is refused with QUERY_TOO_LARGE',
  }),
  GRAPHQL_IDE: Type.Optional(
    Type.Boolean({ description: 'Serve GraphiQL at /graphiql; default: on unless NODE_ENV is production' }),
  ),
  GRAPHQL_INTROSPECTION: Type.Optional(
    Type.Boolean({
      description: 'Answer GraphQL introspection queries; default: on unless NODE_ENV is production',
    }),
  ),
  TRUST_PROXY: Type.String({
    pattern: trustProxyPattern,
    default: '0',
    description:
      'Whom to believe in X-Forwarded-For, whose client address keys the per-IP rate limits: the number of proxies in front of the gateway (0: none, 1: one load balancer), or a comma-separated list of their addresses or CIDRs (10.0.0.0/8, loopback); true is refused, since a client can write any address in the header',
  }),
  OPS_HOST: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        'Interface of the operator port (metrics, /internal/ops, probes); unset: HOST. Keep it off the public network',
    }),
  ),
  OPS_PORT: Type.Integer({
    minimum: 0,
    maximum: 65535,
    default: 9080,
    description:
      'The operator port: GET /metrics, /internal/ops/* and the probes, never on the public PORT (0 picks a free one)',
  }),
});

export type GatewayConfig = Static<typeof gatewayConfigSchema>;

/**
 * The trusted proxies of TRUST_PROXY: a hop count, or their addresses and CIDRs (as proxy-addr reads
 * them). Throws a `ConfigError` for an entry the pattern let through that is no address.
 */
export function trustedProxies(config: Pick<GatewayConfig, 'TRUST_PROXY'>): number | string[] {
  const value = config.TRUST_PROXY.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !proxyNames.has(entry) && !isAddressOrCidr(entry));
  if (bad.length > 0) {
    throw new ConfigError('gateway', [
      `TRUST_PROXY: ${bad.map((entry) => JSON.stringify(entry)).join(', ')} is no IP address or CIDR`,
    ]);
  }
  return entries;
}

const proxyNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** The allowed CORS origins, as a set for exact lookups. */
export function corsOrigins(config: Pick<GatewayConfig, 'CORS_ORIGINS'>): ReadonlySet<string> {
  return new Set(
    config.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0),
  );
}
