import { randomUUID } from 'node:crypto';
import { eventConsumers } from '@bodega/contracts';
import { backends, vacuumAnalyze } from '../lib/backends.js';
import { startBaseline } from '../lib/baseline.js';
import {
  type BenchUser,
  createSecrets,
  onOwnExchange,
  registerAndLogin,
  startDataService,
  startGateway,
  startIdentity,
} from '../lib/distributed.js';
import { diedReason, startCli } from '../lib/platform.js';
import { cpuSpent } from '../lib/proc.js';
import { queuedMessages } from '../lib/queues.js';
import { runVirtualUsers, type Journey, type JourneyContext } from '../lib/virtual-users.js';
import { waitUntil } from '../lib/wait.js';
import { describeShopperJourney, type SeedingRun } from './shopper-journey-report.js';
import type { Scenario, ScenarioContext } from './scenario.js';

/** The designs' load: 1,000 shoppers at once on this machine, ramped up over a minute. */
export const journeyLoad = {
  users: 1_000,
  rampSeconds: 60,
  /** Between two requests of a shopper: reading a page. */
  thinkMs: [2_000, 8_000] as [number, number],
  catalogSize: 100_000,
  pastOrders: 100_000,
  customers: 100,
};

const approve = '4242 4242 4242 4242';
const searchWords = [
  'lamp',
  'cotton',
  'steel',
  'coffee',
  'wool',
  'oak',
  'ceramic',
  'leather',
  'travel',
  'garden',
];

interface Shop {
  products: { id: string; name: string }[];
  categories: string[];
  customers: BenchUser[];
}

/**
 * The realistic mixed shopper journey (issue 9) in distributed mode: every service its own process on
 * PostgreSQL, Redis and RabbitMQ, a seeded catalog, 1,000 virtual shoppers ramping up over a minute,
 * each walking journeys (browse 55%, search 25%, cart 12%, checkout 5%, account 3%) with think times;
 * then a bare Fastify + `pg` primary-key read under the same users and think times.
 */
export const shopperJourney: Scenario = {
  name: 'shopper-journey',
  title: 'Mixed shopper journey: 1,000 virtual users (distributed mode)',
  async run(context) {
    return onOwnExchange(['search', 'orders', 'analytics'], (exchange) => runScenario(context, exchange));
  },
};

async function runScenario(context: ScenarioContext, exchange: string): Promise<string> {
  const secrets = createSecrets(context.workDir);
  const own = { AMQP_EXCHANGE: exchange };
  const identity = await startIdentity(context.processes, secrets, own);
  const start = (name: string, env: Record<string, string> = {}) =>
    startDataService(context.processes, secrets, name, identity.url, { ...own, ...env });
  const catalog = await start('catalog');
  const search = await start('search');
  const payments = await start('payments');
  const orders = await start('orders', { CATALOG_URL: catalog.url, PAYMENTS_URL: payments.url });
  const analytics = await start('analytics');
  const gateway = await startGateway(context.processes, secrets, identity.url, {
    ...own,
    CATALOG_URL: catalog.url,
    SEARCH_URL: search.url,
    ORDERS_URL: orders.url,
    PAYMENTS_URL: payments.url,
    ANALYTICS_URL: analytics.url,
  });
  const baseline = await startBaseline(context.processes);
  context.log(`shopper-journey: gateway ${gateway.url}`);

  const { shop, seeding } = await prepareShop(context, {
    gatewayUrl: gateway.url,
    catalogUrl: catalog.url,
    ordersUrl: orders.url,
    cliKey: secrets.serviceKeys.privateKeys.cli ?? '',
    search,
    exchange,
  });
  const journeys = shopperJourneys(shop);
  context.log('shopper-journey: VACUUM ANALYZE after the bulk load, as PostgreSQL asks');
  await vacuumAnalyze(
    [identity, catalog, search, payments, orders, analytics].map((each) => each.databaseUrl),
  );

  context.log(`shopper-journey: ${journeyLoad.users} shoppers, ${context.seconds} s after the ramp`);
  const services = { identity, catalog, search, payments, orders, analytics, gateway };
  const cpuOfRun = cpuSpent(
    Object.fromEntries(Object.entries(services).map(([name, service]) => [name, service.process.pid])),
  );
  const runStarted = performance.now();
  const platform = await runVirtualUsers({
    url: gateway.url,
    users: journeyLoad.users,
    rampSeconds: journeyLoad.rampSeconds,
    holdSeconds: context.seconds,
    thinkMs: journeyLoad.thinkMs,
    journeys,
    seed: 42,
  });
  const runMs = performance.now() - runStarted;
  const cpuShare = Object.fromEntries(
    Object.entries(cpuOfRun()).map(([name, cpuMs]) => [name, cpuMs / runMs]),
  );

  context.log('shopper-journey: the bare baseline under the same users and think times');
  const bare = await runVirtualUsers({
    url: baseline.url,
    users: journeyLoad.users,
    rampSeconds: journeyLoad.rampSeconds,
    holdSeconds: context.seconds,
    thinkMs: journeyLoad.thinkMs,
    journeys: [
      {
        name: 'read',
        weight: 1,
        async run(shopper) {
          await shopper.request('bare primary-key read', { method: 'GET', path: `/users/${baseline.rowId}` });
        },
      },
    ],
    seed: 42,
  });
  return describeShopperJourney({ platform, bare, seeding, cpuShare });
}

/** A seeded catalog searched and indexed, a year of past orders delivered, and customers signed in. */
async function prepareShop(
  context: ScenarioContext,
  at: {
    gatewayUrl: string;
    catalogUrl: string;
    ordersUrl: string;
    /** The CLI's service key, for seeding. */
    cliKey: string;
    search: { process: Parameters<typeof diedReason>[0] };
    exchange: string;
  },
): Promise<{ shop: Shop; seeding: SeedingRun }> {
  const { gatewayUrl } = at;
  const seedEnv = {
    CATALOG_URL: at.catalogUrl,
    ORDERS_URL: at.ordersUrl,
    CLI_SERVICE_PRIVATE_KEY: at.cliKey,
  };
  const bodegaSeed = async (args: string[]) => {
    const started = performance.now();
    const seeder = startCli(context.processes, 'seed', ['seed', ...args], seedEnv);
    const exit = await seeder.exited;
    if (exit.code !== 0) throw new Error(`bodega seed ${args.join(' ')} failed:\n${seeder.logTail()}`);
    return (performance.now() - started) / 1000;
  };

  context.log(`shopper-journey: seeding ${journeyLoad.catalogSize} products`);
  const productsStarted = performance.now();
  const productSeconds = await bodegaSeed(['--products', String(journeyLoad.catalogSize)]);
  await waitUntil(async () => (await searchTotal(gatewayUrl)) >= journeyLoad.catalogSize, {
    what: 'search to index the catalog',
    timeoutMs: 30 * 60_000,
    intervalMs: 500,
    abandon: diedReason(at.search.process),
  });
  const productsIndexedSeconds = (performance.now() - productsStarted) / 1000;

  context.log(`shopper-journey: seeding ${journeyLoad.pastOrders} past orders`);
  const ordersStarted = performance.now();
  const orderSeconds = await bodegaSeed(['--orders', String(journeyLoad.pastOrders)]);
  await waitUntil(async () => (await outboxBacklog(at.ordersUrl)) === 0, {
    what: "orders' outbox to publish the imported orders' events",
    timeoutMs: 30 * 60_000,
    intervalMs: 500,
  });
  // The shoppers must not share the machine with the backlog: every consumer's queue stays empty
  // for a few polls in a row (a queue counts ready messages, not the few a consumer holds).
  let emptyPolls = 0;
  await waitUntil(
    async () => {
      const depths = await queuedMessages(backends.amqp, at.exchange, Object.keys(eventConsumers));
      emptyPolls = Object.values(depths).every((depth) => depth === 0) ? emptyPolls + 1 : 0;
      return emptyPolls >= 3;
    },
    {
      what: "search and analytics to consume the imported orders' events",
      timeoutMs: 30 * 60_000,
      intervalMs: 1_000,
    },
  );
  const ordersConsumedSeconds = (performance.now() - ordersStarted) / 1000;

  const products: Shop['products'] = [];
  let cursor: string | null = null;
  while (products.length < 2_000) {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = (await (
      await fetch(`${gatewayUrl}/api/v1/products?in_stock=true&limit=100${query}`)
    ).json()) as {
      items: { id: string; name: string }[];
      next_cursor: string | null;
    };
    products.push(...page.items);
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  const categories = (
    (await (await fetch(`${gatewayUrl}/api/v1/categories`)).json()) as { items: { slug: string }[] }
  ).items.map((category) => category.slug);
  context.log(`shopper-journey: registering ${journeyLoad.customers} customers`);
  const customers: BenchUser[] = [];
  const tag = Date.now().toString(36);
  for (let i = 0; i < journeyLoad.customers; i++)
    customers.push(await registerAndLogin(gatewayUrl, `journey-${tag}-${i}@bench.test`));
  return {
    shop: { products, categories, customers },
    seeding: {
      products: journeyLoad.catalogSize,
      productSeconds,
      productsIndexedSeconds,
      orders: journeyLoad.pastOrders,
      orderSeconds,
      ordersConsumedSeconds,
    },
  };
}

async function searchTotal(gatewayUrl: string): Promise<number> {
  const response = await fetch(`${gatewayUrl}/api/v1/search?limit=1`, {
    signal: AbortSignal.timeout(10_000),
  });
  return response.ok ? ((await response.json()) as { total: number }).total : 0;
}

/** Events waiting in a service's outbox, from its /metrics (`events_outbox_backlog`). */
async function outboxBacklog(serviceUrl: string): Promise<number> {
  const text = await (await fetch(`${serviceUrl}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  const line = text.split('\n').find((each) => each.startsWith('events_outbox_backlog'));
  return line === undefined ? Number.NaN : Number(line.split(' ').at(-1));
}

/** The five journeys and their weights (issue 9): what shoppers do, request by request. */
export function shopperJourneys(shop: Shop): Journey[] {
  const pick = <T>(shopper: JourneyContext, items: T[]): T =>
    items[Math.floor(shopper.random() * items.length)]!;
  const firstItem = (body: unknown): string | undefined =>
    (body as { items?: { id: string }[] } | undefined)?.items?.[0]?.id;
  const bearer = (shopper: JourneyContext) => ({
    authorization: `Bearer ${shop.customers[shopper.vu % shop.customers.length]!.accessToken}`,
  });
  return [
    {
      name: 'browse',
      weight: 55,
      async run(shopper) {
        const category = pick(shopper, shop.categories);
        const list = await shopper.request('browse: category page', {
          method: 'GET',
          path: `/api/v1/products?category=${category}&limit=20`,
        });
        await shopper.think();
        const id = firstItem(list.body) ?? pick(shopper, shop.products).id;
        await shopper.request('browse: product page', { method: 'GET', path: `/api/v1/products/${id}` });
        await shopper.request('browse: reviews', {
          method: 'GET',
          path: `/api/v1/products/${id}/reviews?limit=10`,
        });
        await shopper.request('browse: bought together', {
          method: 'GET',
          path: `/api/v1/recommendations?product_id=${id}&limit=4`,
        });
      },
    },
    {
      name: 'search',
      weight: 25,
      async run(shopper) {
        const word = pick(shopper, searchWords);
        const found = await shopper.request('search: query', {
          method: 'GET',
          path: `/api/v1/search?q=${word}&limit=20`,
        });
        await shopper.think();
        await shopper.request('search: filtered', {
          method: 'GET',
          path: `/api/v1/search?q=${word}&in_stock=true&sort=price_asc&limit=20`,
        });
        await shopper.think();
        const id = firstItem(found.body) ?? pick(shopper, shop.products).id;
        await shopper.request('search: product page', { method: 'GET', path: `/api/v1/products/${id}` });
      },
    },
    {
      name: 'cart',
      weight: 12,
      async run(shopper) {
        const product = pick(shopper, shop.products);
        const added = await shopper.request('cart: add (guest)', {
          method: 'POST',
          path: '/api/v1/cart/items',
          body: { product_id: product.id, quantity: 1 },
        });
        const cartToken = (added.body as { cart_token?: string } | undefined)?.cart_token;
        await shopper.think();
        await shopper.request('cart: quote', {
          method: 'POST',
          path: '/api/v1/pricing/quote',
          body: { items: [{ product_id: product.id, quantity: 2 }], country: 'US' },
        });
        await shopper.request('cart: view', {
          method: 'GET',
          path: '/api/v1/cart',
          headers: cartToken ? { 'x-cart-token': cartToken } : {},
        });
      },
    },
    {
      name: 'checkout',
      weight: 5,
      async run(shopper) {
        // Items given directly (POST /orders): two shoppers may share a customer, and a shared cart
        // would let one check out the other's lines. The saga is the same as from a cart.
        const product = pick(shopper, shop.products);
        await shopper.request('checkout: product page', {
          method: 'GET',
          path: `/api/v1/products/${product.id}`,
        });
        await shopper.think();
        const placed = await shopper.request('checkout: place order', {
          method: 'POST',
          path: '/api/v1/orders',
          headers: { ...bearer(shopper), 'idempotency-key': randomUUID() },
          body: { items: [{ product_id: product.id, quantity: 1 }], payment: { card_number: approve } },
        });
        const orderId = (placed.body as { id?: string } | undefined)?.id;
        if (!orderId) return;
        await shopper.think();
        await shopper.request('checkout: order page', {
          method: 'GET',
          path: `/api/v1/orders/${orderId}`,
          headers: bearer(shopper),
        });
      },
    },
    {
      name: 'account',
      weight: 3,
      async run(shopper) {
        const customer = shop.customers[shopper.vu % shop.customers.length]!;
        const session = await shopper.request('account: sign in', {
          method: 'POST',
          path: '/api/v1/auth/login',
          body: { email: customer.email, password: customer.password },
        });
        const token = (session.body as { access_token?: string } | undefined)?.access_token;
        if (!token) return;
        const headers = { authorization: `Bearer ${token}` };
        await shopper.request('account: profile', { method: 'GET', path: '/api/v1/me', headers });
        await shopper.think();
        await shopper.request('account: orders', { method: 'GET', path: '/api/v1/orders?limit=10', headers });
      },
    },
  ];
}
