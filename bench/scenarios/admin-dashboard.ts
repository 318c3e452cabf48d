import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  createSecrets,
  onOwnExchange,
  startDataService,
  startGateway,
  startIdentity,
} from '../lib/distributed.js';
import { diedReason, repoDir, startCli } from '../lib/platform.js';
import { runSequential } from '../lib/sequential.js';
import { waitUntil } from '../lib/wait.js';
import { describeAdminDashboard, type ApiTiming } from './admin-dashboard-report.js';
import { adminToken } from './graphql-vs-rest.js';
import type { Scenario, ScenarioContext } from './scenario.js';

/** The shop's year; BENCH_ADMIN_PRODUCTS and BENCH_ADMIN_ORDERS shrink it for a smoke run. */
const size = {
  products: Number(process.env.BENCH_ADMIN_PRODUCTS ?? 2_000),
  orders: Number(process.env.BENCH_ADMIN_ORDERS ?? 100_000),
};
const loads = { first: 5, repeat: 5 };
const chromiumPath = '/usr/bin/chromium';
const admin = { email: 'admin@bench.test', password: 'bench-admin-password-0123' };
const dashboard = '/admin/analytics?range=365d&tz=UTC';

/**
 * The admin analytics dashboard on a year of sales (issue 6): the distributed platform, 2,000
 * products and 100,000 past orders imported with `bodega seed` (their `orders.order.placed` events
 * fill analytics), then the dashboard over the last 12 months in headless Chromium, timed from
 * navigation until its charts are drawn, and each report call it makes, timed one at a time.
 * Needs the web app built (`npm run build`).
 */
export const adminDashboard: Scenario = {
  name: 'admin-dashboard',
  title: 'Admin analytics dashboard on a year of sales data (distributed mode, headless Chromium)',
  async run(context) {
    if (!existsSync(path.join(repoDir, 'apps', 'web', 'dist', 'index.html')))
      throw new Error('apps/web/dist is missing: build the web app first (npm run build)');
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
  const payments = await start('payments');
  const orders = await start('orders', { CATALOG_URL: catalog.url, PAYMENTS_URL: payments.url });
  const analytics = await start('analytics');
  const gateway = await startGateway(context.processes, secrets, identity.url, {
    ...own,
    CATALOG_URL: catalog.url,
    ORDERS_URL: orders.url,
    PAYMENTS_URL: payments.url,
    ANALYTICS_URL: analytics.url,
  });
  context.log(`admin-dashboard: gateway ${gateway.url}`);
  const staff = await adminToken(gateway.url);

  const seedEnv = {
    CATALOG_URL: catalog.url,
    ORDERS_URL: orders.url,
    CLI_SERVICE_PRIVATE_KEY: secrets.serviceKeys.privateKeys.cli ?? '',
  };
  const seed = async (args: string[]) => {
    const seeder = startCli(context.processes, 'seed', ['seed', ...args], seedEnv);
    const exit = await seeder.exited;
    if (exit.code !== 0) throw new Error(`bodega seed ${args.join(' ')} failed:\n${seeder.logTail()}`);
  };
  context.log(`admin-dashboard: seeding ${size.products} products and ${size.orders} orders`);
  await seed(['--products', String(size.products)]);
  const started = performance.now();
  await seed(['--orders', String(size.orders)]);
  const seedSeconds = (performance.now() - started) / 1000;
  // Every order counted by analytics over the seeded year (a day more: the seed's clock ran first).
  const year = {
    from: new Date(Date.now() - 367 * 86_400_000).toISOString(),
    to: new Date(Date.now() + 3_600_000).toISOString(),
  };
  await waitUntil(async () => (await salesOrders(gateway.url, staff, year)) >= size.orders, {
    what: 'analytics to consume every imported order',
    timeoutMs: 60 * 60_000,
    intervalMs: 1_000,
    abandon: diedReason(analytics.process),
  });
  const consumedSeconds = (performance.now() - started) / 1000;

  context.log('admin-dashboard: the dashboard in headless Chromium');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'],
  });
  const version = `Chromium ${browser.version()}`;
  let timings: { firstMs: number[]; repeatMs: number[] };
  try {
    timings = await dashboardLoads(browser, gateway.url);
  } finally {
    await browser.close().catch(() => undefined);
  }
  context.log(
    `admin-dashboard: first ${timings.firstMs.map(Math.round).join(', ')} ms; reload ${timings.repeatMs.map(Math.round).join(', ')} ms`,
  );

  // The calls the dashboard makes, over the same range, one at a time.
  const range = `from=${encodeURIComponent(year.from)}&to=${encodeURIComponent(year.to)}`;
  const calls = [
    `/api/v1/analytics/sales?${range}&interval=week&tz=UTC`,
    `/api/v1/analytics/sales?${range}&interval=day&tz=UTC`,
    `/api/v1/analytics/customers?${range}&interval=week&tz=UTC`,
    `/api/v1/analytics/funnel?${range}`,
    `/api/v1/analytics/top-products?${range}&by=revenue&limit=10`,
  ];
  const seconds = Math.max(2, Math.round(context.seconds / 2));
  const api: ApiTiming[] = [];
  for (const call of calls) {
    const run = await runSequential({ url: `${gateway.url}${call}`, headers: staff, seconds });
    api.push({
      call: `GET ${call.split('?')[0]!}${call.includes('interval=') ? ` (${/interval=(\w+)/.exec(call)![1]!})` : ''}`,
      run,
    });
  }
  return describeAdminDashboard({
    products: size.products,
    orders: size.orders,
    seedSeconds,
    consumedSeconds,
    ...timings,
    api,
    chromium: version,
  });
}

async function salesOrders(
  gatewayUrl: string,
  staff: Record<string, string>,
  range: { from: string; to: string },
) {
  const query = new URLSearchParams({ ...range, interval: 'week' });
  const response = await fetch(`${gatewayUrl}/api/v1/analytics/sales?${query.toString()}`, {
    headers: staff,
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) return 0;
  return ((await response.json()) as { totals: { orders: number } }).totals.orders;
}

/** Navigation start to every chart card answered and the charts drawn, read in the page. */
async function chartsDrawn(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () => {
      // Runs in the page; the bench compiles without the DOM's types, hence the narrow view of `document`.
      const { document } = globalThis as unknown as {
        document: {
          querySelector(selector: string): unknown;
          querySelectorAll(selector: string): { length: number };
        };
      };
      const settled = document.querySelectorAll('[data-testid$="-chart"]:not([aria-busy])').length === 4;
      // The funnel and customers may be empty (imported orders come with no browsing sessions and no
      // registrations): settled is enough for them; sales and top products are drawn.
      const drawn = ['sales-chart', 'top-products-chart'].every((id) =>
        document.querySelector(`[data-testid="${id}"] .recharts-wrapper > svg .recharts-layer`),
      );
      return settled && drawn ? performance.now() : false;
    },
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function dashboardLoads(
  browser: Browser,
  origin: string,
): Promise<{ firstMs: number[]; repeatMs: number[] }> {
  const signedIn = async () => {
    const context = await browser.newContext({ baseURL: origin, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto('/sign-in?next=%2Faccount');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    return { context, page };
  };
  const firstMs: number[] = [];
  for (let run = 0; run < loads.first; run++) {
    const { context, page } = await signedIn();
    firstMs.push(await chartsDrawn(page, `${origin}${dashboard}`));
    await context.close();
  }
  const { context, page } = await signedIn();
  await chartsDrawn(page, `${origin}${dashboard}`);
  const repeatMs: number[] = [];
  for (let run = 0; run < loads.repeat; run++)
    repeatMs.push(await chartsDrawn(page, `${origin}${dashboard}`));
  await context.close();
  return { firstMs, repeatMs };
}
