import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { startBaseline } from '../lib/baseline.js';
import { runClosedLoop, send, type LoopRequest } from '../lib/closed-loop.js';
import { cpuSpent } from '../lib/proc.js';
import {
  type BenchUser,
  createSecrets,
  onOwnExchange,
  registerAndLogin,
  startDataService,
  startGateway,
  startIdentity,
} from '../lib/distributed.js';
import { describeCheckout, type OversellRun } from './checkout-report.js';
import type { Scenario, ScenarioContext } from './scenario.js';

const customers = 50;
const approve = '4242424242424242';
/** The oversell case (200 checkouts for 20 units) at ten times its scale. */
const oversell = { units: 200, attempts: 2_000 };

/**
 * Buying in distributed mode (identity, catalog, search, payments, orders and the gateway as their own
 * processes on PostgreSQL, Redis and RabbitMQ): checkout throughput with 50 customers ordering at once,
 * each their own products (`POST /orders`, the whole saga: price, reserve, authorize, commit, capture,
 * placed event); 2,000 simultaneous checkouts for 200 units; and the price calculator's throughput,
 * beside a bare Fastify + `pg` primary-key read under the same closed loop.
 */
export const checkout: Scenario = {
  name: 'checkout',
  title: 'Checkout throughput, overselling under contention, and quotes (distributed mode)',
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
  const gateway = await startGateway(context.processes, secrets, identity.url, {
    ...own,
    CATALOG_URL: catalog.url,
    SEARCH_URL: search.url,
    ORDERS_URL: orders.url,
    PAYMENTS_URL: payments.url,
  });
  const baseline = await startBaseline(context.processes);
  const origin = new URL(gateway.url);
  context.log(`checkout: gateway ${gateway.url}, orders ${orders.url}`);

  // The shop: a manager's products, plenty of stock each, and customers who each buy their own.
  const staff = await adminToken(gateway.url);
  const category = `bench-${Date.now().toString(36)}`;
  await must(origin, {
    method: 'POST',
    path: '/api/v1/categories',
    headers: staff,
    body: { slug: category, name: 'Bench', description: 'Bench' },
  });
  const products: string[] = [];
  for (let i = 0; i < customers; i++)
    products.push(await createProduct(origin, staff, category, i, 1_000_000));
  const shoppers: BenchUser[] = [];
  for (let i = 0; i < customers; i++)
    shoppers.push(await registerAndLogin(gateway.url, `shopper-${i}@bench.test`));
  const order = (worker: number, productId: string): LoopRequest => ({
    method: 'POST',
    path: '/api/v1/orders',
    headers: {
      authorization: `Bearer ${shoppers[worker % customers]!.accessToken}`,
      'idempotency-key': randomUUID(),
    },
    body: { items: [{ product_id: productId, quantity: 1 }], payment: { card_number: approve } },
  });

  // 1. Checkout throughput: a closed loop of 50 customers (after a warm-up).
  context.log('checkout: 50 customers checking out');
  const checkoutLoop = (seconds: number) =>
    runClosedLoop({ url: gateway.url, workers: customers, seconds, next: (w) => order(w, products[w]!) });
  await checkoutLoop(2);
  const watched = Object.fromEntries(
    Object.entries({ gateway, orders, catalog, payments, search, identity }).map(([name, service]) => [
      name,
      service.process.pid,
    ]),
  );
  const cpuOfCheckouts = cpuSpent(watched);
  const checkouts = await checkoutLoop(context.seconds);
  // The events of the last checkouts are still being delivered: they count too.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const cpu = perCheckout(cpuOfCheckouts(), checkouts.ok);

  // 2. The bare baseline under the same loop.
  context.log('checkout: bare Fastify + pg baseline');
  const bareLoop = (seconds: number) =>
    runClosedLoop({
      url: baseline.url,
      workers: customers,
      seconds,
      next: () => ({ method: 'GET', path: `/users/${baseline.rowId}` }),
    });
  await bareLoop(2);
  const bare = await bareLoop(context.seconds);

  // 3. Quotes: the price calculator with live prices, three lines and a promotion.
  context.log('checkout: quotes');
  const promo = `BENCH${Date.now().toString(36).toUpperCase()}`;
  await must(origin, {
    method: 'POST',
    path: '/api/v1/promotions',
    headers: staff,
    body: {
      code: promo,
      description: 'Bench 10%',
      kind: 'percentage',
      value: 1_000,
      currency: 'USD',
      min_subtotal: 0,
      starts_at: null,
      ends_at: null,
      max_uses: null,
      max_uses_per_customer: null,
      active: true,
    },
  });
  const quoteLoop = (seconds: number) =>
    runClosedLoop({
      url: gateway.url,
      workers: customers,
      seconds,
      next: (w) => ({
        method: 'POST',
        path: '/api/v1/pricing/quote',
        body: {
          items: [0, 1, 2].map((k) => ({ product_id: products[(w + k) % customers]!, quantity: 1 + k })),
          promo_code: promo,
          country: 'US',
        },
      }),
    });
  await quoteLoop(2);
  const quotes = await quoteLoop(context.seconds);

  // 4. Overselling: every attempt at once for one product's last units. Answers that are not final
  // (the gateway's deadline or an open circuit under this burst) are asked again with the same
  // Idempotency-Key, as a client would, until every attempt has its outcome: the count of sales is
  // then what the shoppers were told, and it must equal the units.
  context.log(`checkout: ${oversell.attempts} checkouts at once for ${oversell.units} units`);
  const scarce = await createProduct(origin, staff, category, customers, oversell.units);
  const attempts = Array.from({ length: oversell.attempts }, (_, i) => order(i, scarce));
  const started = performance.now();
  const sendOnce = (request: LoopRequest) =>
    send(origin, request).catch(() => ({ status: 0, code: 'CONNECTION_ERROR', body: '' }));
  const answers = await Promise.all(attempts.map(sendOnce));
  const firstAnswers: Record<string, number> = {};
  for (const answer of answers) tally(firstAnswers, answer);
  let retries = 0;
  for (let round = 0; round < 60; round++) {
    const pending = answers.flatMap((answer, i) => (isFinal(answer) ? [] : [i]));
    if (pending.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const i of pending) {
      retries++;
      answers[i] = await sendOnce(attempts[i]!);
    }
  }
  const oversellSeconds = (performance.now() - started) / 1000;
  const stockLeft = JSON.parse(
    (await must(origin, { method: 'GET', path: `/api/v1/products/${scarce}` })).body,
  ).stock_qty as number;
  const outcomes: Record<string, number> = {};
  for (const answer of answers) tally(outcomes, answer);
  const oversold: OversellRun = {
    ...oversell,
    seconds: oversellSeconds,
    outcomes,
    firstAnswers,
    retries,
    stockLeft,
  };

  return describeCheckout({ checkouts, bare, oversold, quotes, cpu, cores: os.availableParallelism() });
}

/** CPU milliseconds each process spent per paid checkout. */
function perCheckout(spent: Record<string, number>, paid: number): Record<string, number> {
  return Object.fromEntries(Object.entries(spent).map(([name, ms]) => [name, paid > 0 ? ms / paid : 0]));
}

async function adminToken(gatewayUrl: string): Promise<Record<string, string>> {
  const response = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@bench.test', password: 'bench-admin-password-0123' }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`admin login answered ${response.status}`);
  return { authorization: `Bearer ${body.access_token}` };
}

async function createProduct(
  origin: URL,
  staff: Record<string, string>,
  category: string,
  i: number,
  stock: number,
) {
  const tag = `${Date.now().toString(36)}-${i}`;
  const created = await must(origin, {
    method: 'POST',
    path: '/api/v1/products',
    headers: staff,
    body: {
      slug: `bench-item-${tag}`,
      name: `Bench item ${tag}`,
      description: 'A thing to buy',
      category,
      sku: `BENCH-${tag}`,
      price: { amount: 1_000 + i, currency: 'USD' },
      stock_qty: stock,
    },
  });
  return (JSON.parse(created.body) as { id: string }).id;
}

/** Sends a setup request that must succeed. */
async function must(origin: URL, request: LoopRequest) {
  const answer = await send(origin, request);
  if (answer.status >= 300)
    throw new Error(`${request.method} ${request.path} answered ${answer.status}: ${answer.body}`);
  return answer;
}

/** A checkout's final outcomes: paid, or refused for a reason the shopper can act on. */
function isFinal(answer: { status: number; code?: string }): boolean {
  if (answer.code === 'IDEMPOTENCY_IN_PROGRESS') return false;
  return [201, 402, 409, 422].includes(answer.status);
}

function tally(counts: Record<string, number>, answer: { status: number; code?: string }) {
  const key = answer.status === 201 ? '201' : `${answer.status} ${answer.code ?? ''}`.trim();
  counts[key] = (counts[key] ?? 0) + 1;
}
