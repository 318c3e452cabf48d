/**
 * /graphql at the gateway, alone (a fake identity for keys): the schema it serves is the committed one,
 * and every request GraphQL refuses as a whole (too deep, too complex, not GraphQL, not JSON, wrong
 * variables, unknown fields, introspection in production) gets a GraphQL error with a code and a 4xx,
 * before any service is asked. Role refusals land on their field. The platform suite
 * (tests/graphql.test.ts) runs the happy paths against real services.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { signAccessToken } from '@bodega/auth';
import { buildClientSchema, getIntrospectionQuery } from '../src/graphql/graphql-js.js';
import { committedSchemaPath, schemaFileText } from '../src/graphql/schema-file.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIdentity, type FakeIdentity } from './fake-identity.js';
import { send, startGateway, type Answer, type TestGateway } from './gateway.js';
import { aliased, fragmentChain } from './graphql-documents.js';

/** A port nothing listens on: a service that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

function graphql(gw: TestGateway, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return send(gw.url, {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Calls GraphQL resolvers made to every service so far, from the gateway's /metrics. */
async function upstreamCalls(gw: TestGateway): Promise<number> {
  const text = (await send(gw.opsUrl, { path: '/metrics' })).body.toString();
  expect(text).toContain('# TYPE gateway_graphql_upstream_requests_total counter');
  let total = 0;
  for (const [, value] of text.matchAll(/^gateway_graphql_upstream_requests_total\{[^}]*\} (\d+)/gm)) {
    total += Number(value);
  }
  return total;
}

/** The per-IP rate-limit units one request takes: two in a row, again if a window ended between them. */
async function unitsTaken(request: () => Promise<Answer>): Promise<number> {
  for (;;) {
    const [first, second] = [await request(), await request()].map((answer) =>
      Number(answer.headers['x-ratelimit-remaining']),
    );
    if (second! < first!) return first! - second!;
  }
}

/** The answer is a GraphQL response refusing the request as a whole with `code`. */
function expectRefused(answer: Answer, status: number, code: string) {
  expect(answer.status, answer.body.toString()).toBe(status);
  const body = answer.json();
  expect(body.data).toBeNull();
  expect(body.errors.length).toBeGreaterThan(0);
  expect(body.errors[0].extensions).toMatchObject({ code, status });
}

describe('GraphQL at the gateway', () => {
  let identity: FakeIdentity;
  let gw: TestGateway;
  let production: TestGateway;
  const token = (role: 'customer' | 'manager' | 'admin') =>
    signAccessToken(identity.keyRing, { sub: randomUUID(), role, sid: randomUUID() });
  const bearer = async (role: 'customer' | 'manager' | 'admin') => ({
    authorization: `Bearer ${await token(role)}`,
  });

  beforeAll(async () => {
    identity = await startFakeIdentity();
    const down = `http://127.0.0.1:${await closedPort()}`;
    const upstreams = {
      IDENTITY_URL: identity.url,
      CATALOG_URL: down,
      SEARCH_URL: down,
      ORDERS_URL: down,
      PAYMENTS_URL: down,
      ANALYTICS_URL: down,
    };
    gw = await startGateway({
      ...upstreams,
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_MAX: '1000',
      LOGIN_RATE_LIMIT_MAX: '2',
      GRAPHQL_MAX_DEPTH: '5',
      GRAPHQL_MAX_COMPLEXITY: '500',
      GRAPHQL_MAX_UPSTREAM_CALLS: '20',
    });
    production = await startGateway({
      ...upstreams,
      NODE_ENV: 'production',
      RATE_LIMIT_MAX: '3',
      TRUST_PROXY: 'loopback',
    });
  });
  afterAll(async () => {
    await gw.close();
    await production.close();
    await identity.close();
  });

  it('serves exactly the committed schema.graphql (regenerate it with write-schema.ts)', async () => {
    const answer = await graphql(gw, { query: getIntrospectionQuery() });
    expect(answer.status).toBe(200);
    const served = await schemaFileText(buildClientSchema(answer.json().data));
    expect(served).toBe(readFileSync(committedSchemaPath, 'utf8'));
  });

  it('answers a query with the services down as field errors with their codes, never a 5xx', async () => {
    const answer = await graphql(gw, { query: '{ categories { slug } cart { id } }' });
    expect(answer.status).toBe(200);
    const { data, errors } = answer.json();
    expect(data).toEqual({ categories: null, cart: null });
    expect(errors).toHaveLength(2);
    const failed = errors.find((error: { path: string[] }) => error.path[0] === 'categories');
    expect(failed).toMatchObject({
      path: ['categories'],
      extensions: { code: 'UPSTREAM_UNREACHABLE', status: 502 },
    });
    expect(JSON.stringify(errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
  });

  it('calls services as the caller: their token, the request id, the trace', async () => {
    const headers = await bearer('customer');
    await graphql(gw, { query: '{ me { id } }' }, { ...headers, 'x-forwarded-for': '203.0.113.9' });
    const seen = identity.seen.at(-1)!;
    expect(seen.headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(seen.url).toBe('/api/v1/me');
    expect(seen.headers.authorization).toBe(headers.authorization);
    expect(seen.headers['x-request-id']).toEqual(expect.any(String));
    expect(seen.headers.traceparent).toMatch(/^00-/);
  });

  describe('refuses, with a code and a 400', () => {
    it('a query nested deeper than GRAPHQL_MAX_DEPTH', async () => {
      const deep = '{ orders { items { items { product { reviews { items { product { id } } } } } } } }';
      expectRefused(await graphql(gw, { query: deep }), 400, 'QUERY_TOO_DEEP');
    });

    it('a query costing more than GRAPHQL_MAX_COMPLEXITY, variables counted', async () => {
      const query = 'query ($n: Int) { products(limit: $n) { items { id name sku slug description } } }';
      const answer = await graphql(gw, { query, variables: { n: 100 } });
      expectRefused(answer, 400, 'QUERY_TOO_COMPLEX');
      expect(answer.json().errors[0].extensions.details).toEqual({ complexity: 601, maximum: 500 });
    });

    it('a query that does not parse', async () => {
      expectRefused(await graphql(gw, { query: '{ products { items { id }' }), 400, 'GRAPHQL_PARSE_FAILED');
    });

    it('a query that is JSON rather than GraphQL', async () => {
      expectRefused(await graphql(gw, { query: '{"kind":"Document"}' }), 400, 'GRAPHQL_PARSE_FAILED');
      expectRefused(await graphql(gw, { query: '123' }), 400, 'GRAPHQL_PARSE_FAILED');
    });

    it('unknown fields and arguments', async () => {
      const answer = await graphql(gw, { query: '{ products(color: "red") { items { cost } } }' });
      expectRefused(answer, 400, 'GRAPHQL_VALIDATION_FAILED');
      expect(answer.json().errors).toHaveLength(2);
    });

    it('variables of the wrong type, or missing', async () => {
      const query = 'query ($id: ID!) { product(id: $id) { id } }';
      expectRefused(
        await graphql(gw, { query, variables: { id: { a: 1 } } }),
        400,
        'GRAPHQL_VALIDATION_FAILED',
      );
      expectRefused(await graphql(gw, { query }), 400, 'GRAPHQL_VALIDATION_FAILED');
    });

    it('a body that is not JSON, or not a GraphQL request', async () => {
      expectRefused(await graphql(gw, '{"query": '), 400, 'MALFORMED_JSON');
      expectRefused(await graphql(gw, { nothing: 'here' }), 400, 'GRAPHQL_VALIDATION_FAILED');
    });

    it('a mutation sent with GET (405)', async () => {
      const path = `/graphql?query=${encodeURIComponent('mutation { logout(refresh_token: "x") }')}`;
      expectRefused(await send(gw.url, { path }), 405, 'METHOD_NOT_ALLOWED');
    });

    it('a bad token, with a 401 before anything runs', async () => {
      expectRefused(
        await graphql(gw, { query: '{ me { id } }' }, { authorization: 'Bearer not.a.token' }),
        401,
        'INVALID_TOKEN',
      );
    });
  });

  describe('documents built to be expensive: refused at the cost of their size, before any service is asked', () => {
    const productPage = `{ product(slug: "cup") { name reviews(limit: 3) { items { rating } }
      recommendations(limit: 4) { items { name product { stock_qty } } } } }`;

    it('a chain of 26 fragments each spreading the next twice (2^26 fields written out)', async () => {
      const before = await upstreamCalls(gw);
      const answer = await graphql(gw, { query: fragmentChain(26, 'categories { slug }') });
      expectRefused(answer, 400, 'QUERY_TOO_COMPLEX');
      expect(answer.json().errors[0].extensions.details).toEqual({ complexity: 2 ** 27, maximum: 500 });
      expect(await upstreamCalls(gw)).toBe(before);
    });

    it('but answers a doubled chain that stays under the limits', async () => {
      const answer = await graphql(gw, { query: fragmentChain(6, '__typename') });
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual({ data: { __typename: 'Query' } });
    });

    it('more fragments than GRAPHQL_MAX_FRAGMENTS, before their cost is counted', async () => {
      const answer = await graphql(gw, { query: fragmentChain(60, '__typename') });
      expectRefused(answer, 400, 'QUERY_TOO_LARGE');
      expect(answer.json().errors[0].extensions.details).toEqual({
        limit: 'fragments',
        found: 61,
        maximum: 50,
      });
    });

    it('300 aliases of search, without one call to search', async () => {
      const before = await upstreamCalls(gw);
      const answer = await graphql(gw, { query: aliased(300, 'search(q: "mug") { total }') });
      expectRefused(answer, 400, 'QUERY_TOO_LARGE');
      expect(answer.json().errors[0].extensions.details).toEqual({
        limit: 'aliases',
        found: 300,
        maximum: 30,
      });
      expect(await upstreamCalls(gw)).toBe(before);
    });

    it('aliases within their limit that would call services more than GRAPHQL_MAX_UPSTREAM_CALLS times', async () => {
      const before = await upstreamCalls(gw);
      const answer = await graphql(gw, { query: aliased(25, 'search(q: "mug", limit: 1) { total }') });
      expectRefused(answer, 400, 'QUERY_TOO_COMPLEX');
      expect(answer.json().errors[0].extensions.details).toEqual({ upstream_calls: 25, maximum: 20 });
      expect(await upstreamCalls(gw)).toBe(before);
    });

    it('more directives on one field than GRAPHQL_MAX_DIRECTIVES', async () => {
      const query = `{ categories ${'@include(if: true) '.repeat(6)}{ slug } }`;
      const answer = await graphql(gw, { query });
      expectRefused(answer, 400, 'QUERY_TOO_LARGE');
      expect(answer.json().errors[0].extensions.details).toEqual({
        limit: 'directives',
        found: 6,
        maximum: 5,
      });
    });

    it('a field merged at one place more than 20 times, however the copies are spread', async () => {
      let selection = 'id';
      for (const name of ['product', 'items', 'search']) selection = `${name} { ${selection} } `.repeat(3);
      const answer = await graphql(gw, { query: `{ ${selection} }` });
      expectRefused(answer, 400, 'QUERY_TOO_LARGE');
      expect(answer.json().errors[0].extensions.details).toEqual({
        limit: 'merged_fields',
        found: 27,
        maximum: 20,
      });
    });

    it('more than 5,000 tokens, at parse time', async () => {
      const answer = await graphql(gw, { query: `{ ${'__typename '.repeat(5_000)} }` });
      expectRefused(answer, 400, 'GRAPHQL_PARSE_FAILED');
      expect(answer.json().errors[0].message).toMatch(/5000 tokens/);
    });

    it('charges a product page its upstream calls on the per-IP rate limit', async () => {
      const request = () => graphql(gw, { query: productPage }, { 'x-forwarded-for': '10.7.1.1' });
      expect((await request()).status).toBe(200);
      // product, reviews, recommendations and one batched read of their products: 4 requests' worth
      expect(await unitsTaken(request)).toBe(4);
      const plain = () => graphql(gw, { query: '{ __typename }' }, { 'x-forwarded-for': '10.7.1.1' });
      expect(await unitsTaken(plain)).toBe(1);
    });

    it('refuses with a 429, calling nothing, a request whose upstream calls exceed what the limit has left', async () => {
      const before = await upstreamCalls(production);
      const answer = await graphql(production, { query: productPage }, { 'x-forwarded-for': '10.7.1.2' });
      expectRefused(answer, 429, 'RATE_LIMITED');
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      expect(await upstreamCalls(production)).toBe(before);
    });
  });

  describe('fields a role may not see', () => {
    it('refuses analytics to customers at the field, and tells anonymous callers to sign in', async () => {
      const query =
        '{ analytics { sales(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z") { currency } } }';
      const customer = (await graphql(gw, { query }, await bearer('customer'))).json();
      expect(customer.data).toEqual({ analytics: null });
      expect(customer.errors).toEqual([
        expect.objectContaining({ path: ['analytics'], extensions: { code: 'FORBIDDEN', status: 403 } }),
      ]);
      const anonymous = (await graphql(gw, { query })).json();
      expect(anonymous.errors[0].extensions).toEqual({ code: 'AUTHENTICATION_REQUIRED', status: 401 });
    });

    it("refuses other users' emails and roles to anyone but admins, and keeps the rest of the answer", async () => {
      const answer = await graphql(
        gw,
        { query: '{ users { items { email role } } categories { slug } }' },
        await bearer('manager'),
      );
      const { errors } = answer.json();
      expect(errors.find((error: { path: string[] }) => error.path[0] === 'users').extensions).toEqual({
        code: 'FORBIDDEN',
        status: 403,
      });
    });
  });

  describe('limits shared with REST', () => {
    it('counts every login of a document against the per-email login limit', async () => {
      const login = (alias: string) =>
        `${alias}: login(input: { email: "eve@example.com", password: "guess" }) { access_token }`;
      const answer = await graphql(
        gw,
        { query: `mutation { ${['a', 'b', 'c'].map(login).join(' ')} }` },
        { 'x-forwarded-for': '10.7.0.1' },
      );
      const codes = answer
        .json()
        .errors.map((error: { extensions: { code: string } }) => error.extensions.code);
      expect(codes).toContain('RATE_LIMITED');
    });

    it('applies the per-IP limit to /graphql, answering 429 as a GraphQL response', async () => {
      const statuses: number[] = [];
      let last: Answer | undefined;
      for (let i = 0; i < 4; i++) {
        last = await graphql(production, { query: '{ __typename }' }, { 'x-forwarded-for': '10.7.0.2' });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expectRefused(last!, 429, 'RATE_LIMITED');
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('in production and elsewhere', () => {
    it('serves GraphiQL outside production only, under a CSP that lets it load', async () => {
      const page = await send(gw.url, { path: '/graphiql' });
      expect(page.status).toBe(200);
      expect(page.headers['content-security-policy']).toContain('https://unpkg.com');
      expect(page.body.toString()).toContain('graphiql/main.js');
      const refused = await send(production.url, {
        path: '/graphiql',
        headers: { 'x-forwarded-for': '10.7.0.3' },
      });
      expect(refused.body.toString()).not.toContain('graphiql/main.js');
    });

    it('refuses introspection in production', async () => {
      const answer = await graphql(
        production,
        { query: '{ __schema { types { name } } }' },
        { 'x-forwarded-for': '10.7.0.4' },
      );
      expectRefused(answer, 400, 'INTROSPECTION_DISABLED');
    });
  });
});
