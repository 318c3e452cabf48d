import { startBaseline } from '../lib/baseline.js';
import {
  createSecrets,
  onOwnExchange,
  startDataService,
  startGateway,
  startIdentity,
} from '../lib/distributed.js';
import { runLoad } from '../lib/load.js';
import { measure, type MeasuredRun } from '../lib/measure.js';
import { diedReason, startCli } from '../lib/platform.js';
import { waitForQuiet } from '../lib/quiet.js';
import { quantile } from '../lib/sequential.js';
import { waitUntil } from '../lib/wait.js';
import { describeCatalogSearch, type Distribution, type SeedRun } from './catalog-search-report.js';
import type { Scenario, ScenarioContext } from './scenario.js';

const connections = 50;
/** Catalog size; BENCH_PRODUCTS overrides it for a quick run. */
const catalogSize = Number(process.env.BENCH_PRODUCTS ?? 100_000);
const freshnessWrites = 200;
const searchQueries = 1_000;
/** Measured runs of each read target; BENCH_ROUNDS overrides it. */
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

/**
 * The catalog and search in distributed mode (identity, catalog, search and the gateway as their own
 * processes on PostgreSQL, Redis and RabbitMQ): seeding a 100,000-product catalog, a product read
 * through the gateway on cache hits against a bare Fastify + `pg` primary-key read, search latency
 * over distinct queries on that catalog, and the freshness of a write in search.
 */
export const catalogSearch: Scenario = {
  name: 'catalog-search',
  title: 'Catalog reads, search and freshness on a 100,000-product catalog (distributed mode)',
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
  const baseline = await startBaseline(context.processes);
  context.log(`catalog-search: gateway ${gateway.url}, catalog ${catalog.url}, search ${search.url}`);

  // 1. Seeding, through the CLI as an operator would, then until search has indexed everything.
  context.log(`catalog-search: seeding ${catalogSize} products`);
  const seedStarted = performance.now();
  const seeder = startCli(context.processes, 'seed', ['seed', '--products', String(catalogSize)], {
    CATALOG_URL: catalog.url,
    CLI_SERVICE_PRIVATE_KEY: secrets.serviceKeys.privateKeys.cli ?? '',
  });
  const exit = await seeder.exited;
  if (exit.code !== 0) throw new Error(`bodega seed failed:\n${seeder.logTail()}`);
  const seededSeconds = (performance.now() - seedStarted) / 1000;
  await waitUntil(async () => (await searchTotal(gateway.url)) >= catalogSize, {
    what: 'search to index the seeded catalog',
    timeoutMs: 30 * 60_000,
    intervalMs: 500,
    abandon: diedReason(search.process),
  });
  const indexedSeconds = (performance.now() - seedStarted) / 1000;
  const seed: SeedRun = { products: catalogSize, seededSeconds, indexedSeconds };

  // 2. A product read on cache hits: through the gateway, catalog direct, and the bare pg route.
  const page = (await (await fetch(`${gateway.url}/api/v1/products?limit=1`)).json()) as {
    items: { id: string; name: string }[];
  };
  const productId = page.items[0]!.id;
  const targets = [
    { name: 'bare Fastify + pg, primary-key read', url: `${baseline.url}/users/${baseline.rowId}` },
    {
      name: 'catalog GET /api/v1/products/{id} (direct)',
      url: `${catalog.url}/api/v1/products/${productId}`,
    },
    { name: 'gateway GET /api/v1/products/{id}', url: `${gateway.url}/api/v1/products/${productId}` },
  ];
  const watched = {
    gateway: gateway.process.pid,
    catalog: catalog.process.pid,
    search: search.process.pid,
    baseline: baseline.pid,
  };
  // Rounds, interleaved (bare, catalog, gateway, bare, ...), so a slow spell of the machine falls on
  // every target alike; each run starts once the platform is idle again (the last run's reads leave
  // view events for catalog and search to apply).
  const reads: MeasuredRun[][] = targets.map(() => []);
  for (let round = 1; round <= rounds; round++) {
    for (const [index, target] of targets.entries()) {
      const quiet = await waitForQuiet(30_000, 0.1);
      context.log(
        `catalog-search: ${target.name}, round ${round}/${rounds} (machine ${Math.round(quiet.busy * 100)}% busy before)`,
      );
      reads[index]!.push(
        await measure(
          target.name,
          (seconds) => runLoad({ url: target.url, connections, seconds }),
          context.seconds,
          watched,
          2,
          { postgresql: 'postgres' },
        ),
      );
    }
  }

  // 3. Search: distinct queries (words, filters, sorts), one at a time, mostly cache misses.
  context.log(`catalog-search: ${searchQueries} distinct searches`);
  const searchLatency = await timeSearches(gateway.url, searchQueries);

  // 4. Freshness: a price change through the gateway, until search shows it.
  context.log(`catalog-search: ${freshnessWrites} writes until searchable`);
  const freshness = await measureFreshness(gateway.url, freshnessWrites);

  return describeCatalogSearch({ seed, reads, searchLatency, freshness, catalogSize });
}

async function searchTotal(gatewayUrl: string): Promise<number> {
  const response = await fetch(`${gatewayUrl}/api/v1/search?limit=1`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) return 0;
  return ((await response.json()) as { total: number }).total;
}

const words = ['lamp', 'cotton', 'steel', 'coffee', 'wool', 'oak', 'ceramic', 'leather', 'travel', 'garden'];
const sorts = ['relevance', 'price_asc', 'price_desc', 'newest', 'popularity', 'rating'];

/** `count` distinct search requests, sequentially, timed with the high-resolution clock. */
async function timeSearches(gatewayUrl: string, count: number): Promise<Distribution> {
  const latencies: number[] = [];
  let failures = 0;
  for (let i = 0; i < count; i++) {
    const params = new URLSearchParams({
      q: `${words[i % words.length]!} ${words[(i * 7) % words.length]!}`,
    });
    params.set('sort', sorts[i % sorts.length]!);
    params.set('limit', '20');
    // Distinct price windows keep the cache out of the measurement.
    params.set('min_price', String(i * 3));
    if (i % 2 === 0) params.set('in_stock', 'true');
    const begin = performance.now();
    const response = await fetch(`${gatewayUrl}/api/v1/search?${params.toString()}`);
    await response.arrayBuffer();
    if (response.ok) latencies.push(performance.now() - begin);
    else failures++;
  }
  return distribution(latencies, failures);
}

/** Writes a new price, then polls search (every 2 ms) until it shows that price; timed from the write. */
async function measureFreshness(gatewayUrl: string, writes: number): Promise<Distribution> {
  const login = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@bench.test', password: 'bench-admin-password-0123' }),
  });
  const token = ((await login.json()) as { access_token: string }).access_token;
  const page = (await (await fetch(`${gatewayUrl}/api/v1/products?limit=100`)).json()) as {
    items: { id: string; slug: string; name: string; price: { amount: number; currency: string } }[];
  };
  const latencies: number[] = [];
  let failures = 0;
  for (let i = 0; i < writes; i++) {
    const product = page.items[i % page.items.length]!;
    const amount = 10_000 + i;
    // From the moment the write is sent: what a manager waits for before a shopper finds the change.
    const begin = performance.now();
    const written = await fetch(`${gatewayUrl}/api/v1/products/${product.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ price: { amount, currency: product.price.currency } }),
    });
    await written.arrayBuffer();
    if (!written.ok) {
      failures++;
      continue;
    }
    const query = `${gatewayUrl}/api/v1/search?q=${encodeURIComponent(product.name)}&limit=100`;
    const deadline = begin + 10_000;
    let seen = false;
    while (!seen && performance.now() < deadline) {
      const body = (await (await fetch(query)).json()) as {
        items: { id: string; price: { amount: number } }[];
      };
      seen = body.items.some((item) => item.id === product.id && item.price.amount === amount);
      if (!seen) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    if (seen) latencies.push(performance.now() - begin);
    else failures++;
  }
  return distribution(latencies, failures);
}

function distribution(latencies: number[], failures: number): Distribution {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    failures,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}
