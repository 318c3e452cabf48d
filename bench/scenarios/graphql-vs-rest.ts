import http from 'node:http';
import { send, type LoopRequest } from '../lib/closed-loop.js';
import {
  createSecrets,
  onOwnExchange,
  registerAndLogin,
  startDataService,
  startGateway,
  startIdentity,
} from '../lib/distributed.js';
import { quantile } from '../lib/sequential.js';
import { describeGraphqlVsRest, type PageRun } from './graphql-vs-rest-report.js';
import type { Scenario, ScenarioContext } from './scenario.js';

const connections = 50;
const productCount = 200;
const reviewers = 20;

/** The product page as one GraphQL query: the product, its stock and rating, reviews, recommendations. */
export const productPageQuery = `query ProductPage($id: ID) {
  product(id: $id) {
    id name description price { amount currency } stock_qty rating { average count }
    reviews(limit: 5) { items { rating title body author { name } } }
    recommendations(limit: 4) { items { id slug name price { amount currency } rating { average } } }
  }
}`;

/** The same page over REST: three requests, sent at once as a browser would. */
export function productPageRest(id: string): LoopRequest[] {
  return [
    { method: 'GET', path: `/api/v1/products/${id}` },
    { method: 'GET', path: `/api/v1/products/${id}/reviews?limit=5` },
    { method: 'GET', path: `/api/v1/recommendations?product_id=${id}&limit=4` },
  ];
}

/**
 * The product page (product + reviews summary + stock + recommendations) through the gateway in
 * distributed mode (identity, catalog, search and the gateway as their own processes on PostgreSQL,
 * Redis and RabbitMQ): as one GraphQL query against the three REST calls it replaces, each by 50
 * concurrent shoppers in a closed loop, side by side.
 */
export const graphqlVsRest: Scenario = {
  name: 'graphql-vs-rest',
  title: 'Product page: one GraphQL query against the equivalent REST calls (distributed mode)',
  async run(context) {
    return onOwnExchange(['search'], (exchange) => runScenario(context, exchange));
  },
};

async function runScenario(context: ScenarioContext, exchange: string): Promise<string> {
  const secrets = createSecrets(context.workDir);
  const own = { AMQP_EXCHANGE: exchange };
  const identity = await startIdentity(context.processes, secrets, own);
  const catalog = await startDataService(context.processes, secrets, 'catalog', identity.url, own);
  const search = await startDataService(context.processes, secrets, 'search', identity.url, own);
  const gateway = await startGateway(context.processes, secrets, identity.url, {
    ...own,
    CATALOG_URL: catalog.url,
    SEARCH_URL: search.url,
  });
  const origin = new URL(gateway.url);
  context.log(`graphql-vs-rest: gateway ${gateway.url}`);

  // The shop: products, a few reviews each, all of it indexed by search.
  const staff = await adminToken(gateway.url);
  const category = `bench-${Date.now().toString(36)}`;
  await must(origin, {
    method: 'POST',
    path: '/api/v1/categories',
    headers: staff,
    body: { slug: category, name: 'Bench', description: 'Bench' },
  });
  const products: string[] = [];
  for (let i = 0; i < productCount; i++) products.push(await createProduct(origin, staff, category, i));
  for (let r = 0; r < reviewers; r++) {
    const reviewer = await registerAndLogin(gateway.url, `reviewer-${r}@bench.test`);
    for (let k = 0; k < 5; k++) {
      await must(origin, {
        method: 'POST',
        path: `/api/v1/products/${products[(r * 7 + k) % productCount]!}/reviews`,
        headers: { authorization: `Bearer ${reviewer.accessToken}` },
        body: { rating: 1 + ((r + k) % 5), title: 'Bench review', body: 'Does what it says' },
      });
    }
  }
  await waitIndexed(origin, category, productCount);

  const graphqlPage = (worker: number, n: number): LoopRequest[] => [
    {
      method: 'POST',
      path: '/graphql',
      body: { query: productPageQuery, variables: { id: products[(worker * 31 + n) % productCount] } },
    },
  ];
  const restPage = (worker: number, n: number) =>
    productPageRest(products[(worker * 31 + n) % productCount]!);

  context.log('graphql-vs-rest: REST, three calls per page');
  await runPageLoop(origin, 2, restPage);
  const rest = await runPageLoop(origin, context.seconds, restPage);
  context.log('graphql-vs-rest: GraphQL, one query per page');
  await runPageLoop(origin, 2, graphqlPage);
  const graphql = await runPageLoop(origin, context.seconds, graphqlPage);
  return describeGraphqlVsRest({ rest, graphql, products: productCount });
}

/**
 * 50 shoppers, each loading a page as soon as the last one finished: a page's requests go out at once
 * (keep-alive connections, six per shopper as browsers allow), and the page is done when all are
 * answered. A GraphQL answer with `errors` counts as failed, like a non-2xx.
 */
export async function runPageLoop(
  origin: URL,
  seconds: number,
  page: (worker: number, n: number) => LoopRequest[],
): Promise<PageRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections * 6 });
  const latencies: number[] = [];
  let requests = 0;
  let failed = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async (index: number) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const requestsOfPage = page(index, n);
      const begin = performance.now();
      requests += requestsOfPage.length;
      const answers = await Promise.all(
        requestsOfPage.map((request) => send(origin, request, agent).catch(() => undefined)),
      );
      const ok = answers.every(
        (answer) =>
          answer !== undefined &&
          answer.status >= 200 &&
          answer.status < 300 &&
          !answer.body.startsWith('{"errors"') &&
          !answer.body.includes('"errors":['),
      );
      if (ok) latencies.push(performance.now() - begin);
      else failed++;
    }
  };
  try {
    await Promise.all(Array.from({ length: connections }, (_, index) => worker(index)));
  } finally {
    agent.destroy();
  }
  const elapsed = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    shoppers: connections,
    seconds: elapsed,
    pages: sorted.length,
    pagesPerSecond: sorted.length / elapsed,
    requestsPerSecond: requests / elapsed,
    p50Ms: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
    p99Ms: quantile(sorted, 0.99),
    failed,
  };
}

/** Waits until search has indexed the category's products (events, so within moments). */
async function waitIndexed(origin: URL, category: string, count: number): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const answer = await send(origin, { method: 'GET', path: `/api/v1/search?category=${category}&limit=1` });
    if (answer.status === 200 && (JSON.parse(answer.body) as { total: number }).total >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`search did not index ${count} products of ${category} within a minute`);
}

export async function adminToken(gatewayUrl: string): Promise<Record<string, string>> {
  const response = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@bench.test', password: 'bench-admin-password-0123' }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`admin login answered ${response.status}`);
  return { authorization: `Bearer ${body.access_token}` };
}

async function createProduct(origin: URL, staff: Record<string, string>, category: string, i: number) {
  const tag = `${Date.now().toString(36)}-${i}`;
  const created = await must(origin, {
    method: 'POST',
    path: '/api/v1/products',
    headers: staff,
    body: {
      slug: `page-item-${tag}`,
      name: `Page item ${tag}`,
      description: 'A thing with a page of its own',
      category,
      sku: `PAGE-${tag}`,
      price: { amount: 1_000 + i, currency: 'USD' },
      stock_qty: 100 + i,
    },
  });
  return (JSON.parse(created.body) as { id: string }).id;
}

/** Sends a setup request that must succeed. */
export async function must(origin: URL, request: LoopRequest) {
  const answer = await send(origin, request);
  if (answer.status >= 300)
    throw new Error(`${request.method} ${request.path} answered ${answer.status}: ${answer.body}`);
  return answer;
}
