import fs from 'node:fs';
import {
  createSecrets,
  onOwnExchange,
  registerAndLogin,
  startDataService,
  startGateway,
  startIdentity,
} from '../lib/distributed.js';
import { runOpenLoop, type OpenLoopRun } from '../lib/open-loop.js';
import { diedReason, startScript } from '../lib/platform.js';
import { answersOk, getJson, waitUntil } from '../lib/wait.js';
import type { AbuserResult } from './abuse-client.js';
import { describeAbuse, type AbuseRow } from './abuse-report.js';
import { abuseKinds, abuseNames, victim } from './abuse-requests.js';
import type { Scenario, ScenarioContext } from './scenario.js';

const productCount = 100;
/** Requests per second of all innocent clients together: a busy shop, well below what the gateway serves. */
const innocentRate = 100;
/** The gateway's production limits (its config's defaults), which the abuser keeps to. */
const limits = { perIp: 100, auth: 30, login: 10, windowMs: 60_000 };

/**
 * What one abusive client costs everyone else: the innocent shoppers' latency through the gateway
 * (distributed mode) alone, then while one abuser sends one kind of abusive request (abuse-requests.ts)
 * at the rate the gateway's production limits allow, for each kind in turn.
 */
export const abuse: Scenario = {
  name: 'abuse',
  title: 'Abuse: innocent shoppers while one client sends abusive requests at its rate limit',
  async run(context) {
    return onOwnExchange(['search', 'analytics', 'orders'], (exchange) => runScenario(context, exchange));
  },
};

async function runScenario(context: ScenarioContext, exchange: string): Promise<string> {
  const secrets = createSecrets(context.workDir);
  const own = { AMQP_EXCHANGE: exchange };
  const identity = await startIdentity(context.processes, secrets, own);
  const catalog = await startDataService(context.processes, secrets, 'catalog', identity.url, own);
  const search = await startDataService(context.processes, secrets, 'search', identity.url, own);
  const analytics = await startDataService(context.processes, secrets, 'analytics', identity.url, own);
  // Orders only for its price calculator: a quote is validated (and refused) before anything is called.
  const orders = await startDataService(context.processes, secrets, 'orders', identity.url, {
    ...own,
    CATALOG_URL: catalog.url,
    // No checkout happens here: payments is never started, and nothing may reach another one.
    PAYMENTS_URL: 'http://127.0.0.1:9',
  });
  // The production limits (the config's defaults), and X-Forwarded-For trusted so each client has its
  // own address: the innocents one per request, the abuser one of its own.
  const gateway = await startGateway(context.processes, secrets, identity.url, {
    ...own,
    CATALOG_URL: catalog.url,
    SEARCH_URL: search.url,
    ANALYTICS_URL: analytics.url,
    ORDERS_URL: orders.url,
    RATE_LIMIT_MAX: String(limits.perIp),
    AUTH_RATE_LIMIT_MAX: String(limits.auth),
    LOGIN_RATE_LIMIT_MAX: String(limits.login),
    RATE_LIMIT_WINDOW_MS: String(limits.windowMs),
    RATE_LIMIT_NAMESPACE: `bodega:bench:${Date.now()}:rate-limit:`,
    // One proxy in front (the bench, at 127.0.0.1): the client is the address it writes in the header.
    TRUST_PROXY: '1',
  });
  context.log(`abuse: gateway ${gateway.url}`);

  // The shop is stocked straight at the services: through the gateway the seeding would be rate limited.
  const products = await seed(identity.url, catalog.url, search.url);
  await registerAndLogin(identity.url, victim.email);

  // A first load warms every process (JIT, pools, caches): the first pair would otherwise pay for it.
  await innocentLoad(gateway.url, products, Math.min(5, context.seconds));
  const rows: AbuseRow[] = [];
  for (const name of abuseNames) {
    const kind = abuseKinds[name];
    // Every abuser at the per-address limit; the login botnet too, where the per-email limit should bite.
    const perMinute = limits.perIp;
    context.log(`abuse: ${name}: innocent shoppers alone`);
    const quiet = await innocentLoad(gateway.url, products, context.seconds);
    context.log(`abuse: ${name}: innocent shoppers beside the abuser (${perMinute}/min)`);
    const abuser = startScript(context.processes, `abuser-${name}`, 'bench/scenarios/abuse-client.ts', {
      ABUSE_URL: gateway.url,
      ABUSE_KIND: name,
      ABUSE_SECONDS: String(context.seconds),
      ABUSE_PER_MINUTE: String(perMinute),
    });
    const abused = await innocentLoad(gateway.url, products, context.seconds);
    await abuser.exited;
    const result = abuserResult(abuser.logFile);
    context.log(`abuse: ${name}: sent ${result.sent}, ${JSON.stringify(result.outcomes)}`);
    rows.push({ label: kind.label, perMinute, quiet, abused, abuser: result });
    // A gateway still working through what it was sent would slow the next pair of runs: wait it out.
    await waitUntil(() => answersOk(`${gateway.url}/healthz`), {
      what: 'the gateway to answer again',
      timeoutMs: 600_000,
      intervalMs: 500,
      abandon: diedReason(gateway.process),
    });
  }
  return describeAbuse({ rows, innocentRate, products: productCount, limits });
}

/** The abuser's report, the last line of its output. */
function abuserResult(logFile: string): AbuserResult {
  const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n');
  const line = lines.reverse().find((candidate) => candidate.startsWith('{"abuser":'));
  if (!line) throw new Error(`the abuser reported nothing; its output (${logFile}):\n${lines.join('\n')}`);
  return (JSON.parse(line) as { abuser: AbuserResult }).abuser;
}

/**
 * Innocent shoppers arriving at `innocentRate`, product reads and searches by turns, each request from
 * its own address in 127.1.0.0/16 (a header: every packet goes to 127.0.0.1), so no innocent is near a
 * limit. Open loop: a stalled gateway shows in their latency, not as fewer requests.
 */
function innocentLoad(gatewayUrl: string, products: string[], seconds: number): Promise<OpenLoopRun> {
  return runOpenLoop({
    url: gatewayUrl,
    rate: innocentRate,
    seconds,
    next: (n) => {
      const slot = n % 60_000;
      return {
        path:
          n % 2 === 0
            ? `/api/v1/products/${products[(n / 2) % products.length]!}`
            : '/api/v1/search?q=widget&limit=10',
        headers: { 'x-forwarded-for': `127.1.${Math.floor(slot / 250)}.${(slot % 250) + 1}` },
      };
    },
  });
}

/** A category of products, created at catalog with the admin's token, then indexed by search. */
async function seed(identityUrl: string, catalogUrl: string, searchUrl: string): Promise<string[]> {
  const login = await fetch(`${identityUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@bench.test', password: 'bench-admin-password-0123' }),
  });
  const { access_token: token } = (await login.json()) as { access_token?: string };
  if (!token) throw new Error(`admin login at identity answered ${login.status}`);
  const post = async (route: string, body: unknown) => {
    const response = await fetch(`${catalogUrl}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${route} answered ${response.status}: ${text}`);
    return JSON.parse(text) as { id: string };
  };
  const category = `abuse-${Date.now().toString(36)}`;
  await post('/api/v1/categories', { slug: category, name: 'Abuse bench', description: 'Bench' });
  const ids: string[] = [];
  for (let i = 0; i < productCount; i++) {
    const tag = `${category}-${i}`;
    const product = await post('/api/v1/products', {
      slug: `widget-${tag}`,
      name: `Bench widget ${i}`,
      description: 'A widget for the abuse bench',
      category,
      sku: `AB-${tag}`,
      price: { amount: 1_000 + i, currency: 'USD' },
      stock_qty: 100,
    });
    ids.push(product.id);
  }
  await waitUntil(
    async () => {
      const answer = await getJson(`${searchUrl}/api/v1/search?category=${category}&limit=1`);
      return answer.status === 200 && (answer.body as { total: number }).total >= productCount;
    },
    { what: `search to index ${productCount} products`, timeoutMs: 60_000, intervalMs: 500 },
  );
  return ids;
}
