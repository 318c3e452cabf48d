import { describe, expect, it } from 'vitest';
import { aliased, fragmentChain } from '../../test/graphql-documents.js';
import { refuseCostly, requestCost } from './cost.js';
import { RequestRefused } from './errors.js';
import { getIntrospectionQuery, parse } from './graphql-js.js';
import { buildGraphqlSchema } from './schema.js';

const schema = buildGraphqlSchema();
const cost = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  requestCost(schema, parse(query), variables, operationName);

describe('what a GraphQL request costs', () => {
  it('counts a page by its limit: complexity 1 + 6 x 100, one upstream call', () => {
    expect(cost('{ products(limit: 100) { items { id name sku slug description } } }')).toEqual({
      complexity: 601,
      upstreamCalls: 1,
      fragmentsWalked: 0,
    });
  });

  it.each([
    [
      'a product page: the product, its reviews, its recommendations and their batched products',
      4,
      '{ product(slug: "cup") { name reviews(limit: 3) { items { rating } } recommendations(limit: 4) { items { name product { stock_qty } } } } }',
    ],
    [
      'search hits with their live product: one search call, one batched catalog read',
      2,
      '{ search(q: "mug", limit: 20) { items { id product { stock_qty } } } }',
    ],
    [
      'a call per parent, times the page size',
      41,
      '{ products(limit: 20) { items { recommendations(limit: 4) { items { product { id } } } } } }',
    ],
    [
      "orders with each one's payment and lines' products",
      12,
      '{ orders(limit: 10) { items { payment { id } items { product { id } } } } }',
    ],
    [
      'reports under the analytics namespace, which calls nothing itself',
      3,
      '{ analytics { sales(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z") { currency } top_products(from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z") { items { product { id } } } } }',
    ],
    ['every alias of a service field', 300, aliased(300, 'search(q: "x") { total }')],
    [
      'every mutation',
      3,
      aliased(3, 'login(input: { email: "a@b.c", password: "p" }) { access_token }').replace(
        '{',
        'mutation {',
      ),
    ],
    [
      'through inline fragments, with or without a type',
      2,
      '{ product(id: "1") { ... on Product { reviews(limit: 2) { items { id } } } ... { id } } }',
    ],
    ['nothing for __typename', 0, '{ __typename }'],
    ['nothing for introspection', 0, getIntrospectionQuery()],
  ])('counts upstream calls: %s (%i)', (_what, calls, query) => {
    expect(cost(query).upstreamCalls).toBe(calls);
  });

  it('costs a fragment each time it is spread, walking its body once: 25 walks for 2^24 copies', () => {
    expect(cost(fragmentChain(24, 'categories { slug }'))).toEqual({
      complexity: 2 ** 25,
      upstreamCalls: 2 ** 24,
      fragmentsWalked: 25,
    });
  });

  it('reads page sizes from the variables, and refuses variables that are missing or of the wrong type', () => {
    const query = 'query ($n: Int) { products(limit: $n) { items { id } } }';
    expect(cost(query, { n: 50 }).complexity).toBe(101);
    expect(cost(query).complexity).toBe(41); // the schema's default page of 20
    const required = 'query ($id: ID!) { product(id: $id) { id } }';
    for (const variables of [undefined, { id: { a: 1 } }]) {
      expect(() => cost(required, variables)).toThrow(RequestRefused);
    }
  });

  it('counts only the operation a request names, and every one when it names none', () => {
    const query = 'query A { me { id } } query B { a: me { id } b: me { id } }';
    expect(cost(query, {}, 'A').upstreamCalls).toBe(1);
    expect(cost(query, {}, 'B').upstreamCalls).toBe(2);
    expect(cost(query).upstreamCalls).toBe(3);
  });

  it('refuses a request above either maximum with QUERY_TOO_COMPLEX, saying which', () => {
    const refusal = (complexity: number, upstreamCalls: number) => {
      try {
        refuseCostly(
          { complexity, upstreamCalls, fragmentsWalked: 0 },
          { complexity: 100, upstreamCalls: 10 },
        );
      } catch (error) {
        return (error as RequestRefused).extensions;
      }
      return undefined;
    };
    expect(refusal(100, 10)).toBeUndefined();
    expect(refusal(101, 1)).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      status: 400,
      details: { complexity: 101, maximum: 100 },
    });
    expect(refusal(1, 11)).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      status: 400,
      details: { upstream_calls: 11, maximum: 10 },
    });
  });
});
