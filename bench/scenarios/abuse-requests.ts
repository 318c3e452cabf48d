/**
 * The abusive requests of the `abuse` scenario, each one an outsider found answered far above its
 * price: small or ordinary on the wire, expensive for the gateway or a service behind it.
 */

/** One kind of abuse: how its requests look, and from which addresses they come. */
export interface AbuseKind {
  name: AbuseName;
  /** What the row of the report says it is. */
  label: string;
  /** Everything but the trickled body is an ordinary request, sent whole. */
  request?: (n: number) => { method: 'GET' | 'POST'; path: string; body?: Buffer; contentType?: string };
  /**
   * The abuser's address for its `n`th request (X-Forwarded-For, which the bench's gateway trusts):
   * one client, or for the login a botnet of one address per attempt, which only the per-email
   * counter can stop.
   */
  address: (n: number) => string;
}

export const abuseNames = [
  'huge-min-price',
  'bom-login',
  'invalid-1mb',
  'aliases-300',
  'trickled-body',
  'fragment-bomb',
] as const;
export type AbuseName = (typeof abuseNames)[number];

/** The account the BOM logins guess the password of. */
export const victim = { email: 'victim@bench.test' };

/** `query { ...F0 }` and fragments each spreading the next twice: 2^depth fields from ~1 KB. */
export function fragmentBomb(depth: number): string {
  const fragments = Array.from({ length: depth }, (_, level) =>
    level === depth - 1
      ? `fragment F${level} on Query { search(q: "a", limit: 1) { total } }`
      : `fragment F${level} on Query { ...F${level + 1} ...F${level + 1} }`,
  );
  return ['query Bomb { ...F0 }', ...fragments].join('\n');
}

/** One search under `count` aliases: as many calls to search for one request. */
export function aliasedSearches(count: number): string {
  const fields = Array.from({ length: count }, (_, index) => `s${index}: search(q: "a", limit: 1) { total }`);
  return `query Aliases { ${fields.join(' ')} }`;
}

/** A price quote of empty (invalid) lines filling `bytes`: every one lacks each required field. */
export function invalidItems(bytes: number): Buffer {
  const count = Math.floor((bytes - '{"items":[]}'.length) / 3);
  return Buffer.from(`{"items":[${Array.from({ length: count }, () => '{}').join(',')}]}`);
}

const graphql = (query: string) => ({
  method: 'POST' as const,
  path: '/graphql',
  body: Buffer.from(JSON.stringify({ query })),
});

/** One client's address per kind, so each starts with a fresh rate-limit window. */
const client = (index: number) => () => `127.66.0.${index + 1}`;

// Built once: the 1 MB body is the same for every request.
const invalidBody = invalidItems(1_000_000);

export const abuseKinds: Record<AbuseName, AbuseKind> = {
  'huge-min-price': {
    name: 'huge-min-price',
    label: '`GET /api/v1/search?min_price=100000000000000000000`',
    request: () => ({ method: 'GET', path: '/api/v1/search?min_price=100000000000000000000' }),
    address: client(0),
  },
  'bom-login': {
    name: 'bom-login',
    label: 'login with a UTF-8 BOM before the JSON, one email, a new address each attempt',
    request: (n) => ({
      method: 'POST',
      path: '/api/v1/auth/login',
      body: Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(JSON.stringify({ email: victim.email, password: `guess-${n}-not-the-password` })),
      ]),
    }),
    // 127.67.x.y: a botnet of loopback addresses (only a header: every packet goes to 127.0.0.1).
    address: (n) => `127.67.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`,
  },
  'invalid-1mb': {
    name: 'invalid-1mb',
    label: '`POST /api/v1/pricing/quote`, 1 MB of invalid items',
    request: () => ({ method: 'POST', path: '/api/v1/pricing/quote', body: invalidBody }),
    address: client(2),
  },
  'aliases-300': {
    name: 'aliases-300',
    label: 'GraphQL: `search` under 300 aliases',
    request: () => graphql(aliasedSearches(300)),
    address: client(3),
  },
  'trickled-body': {
    name: 'trickled-body',
    label: '`POST /api/v1/events` whose 4 KB body comes one byte a second',
    address: client(4),
  },
  'fragment-bomb': {
    name: 'fragment-bomb',
    label: 'GraphQL: 24 fragments each spreading the next twice (~1 KB)',
    request: () => graphql(fragmentBomb(24)),
    address: client(5),
  },
};
