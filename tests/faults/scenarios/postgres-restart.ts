/**
 * Fault scenario 4: PostgreSQL "restarted" under the services: every connection cut, new ones refused
 * for a few seconds, then back. Requests meanwhile get a prompt 503 in the standard error body (no
 * hang, no 500), readiness names the database, and afterwards every service works again without a
 * restart of its own: same processes, writes accepted, events flowing again (relays, LISTEN, consumers).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultPlatform, type FaultPlatform, type ServiceName } from '../support/fault-platform.js';
import { alive, readiness, waitForAll, waitUntil } from '../support/probes.js';
import {
  createCustomer,
  createProduct,
  noAnswer,
  openShop,
  placeOrder,
  type Answer,
  type Customer,
  type Product,
  type Shop,
} from '../support/shop.js';
import { report, type Backends } from '../support/suite.js';

const outageMs = 6_000;
const withDatabase: ServiceName[] = ['identity', 'catalog', 'search', 'payments', 'orders', 'analytics'];

/** Midnight UTC `days` from today, as report ranges take it. */
const day = (days: number) =>
  new Date(
    Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + days),
  ).toISOString();

/** What a client asks of each service that needs its database. */
function requests(shop: Shop, product: Product, customer: Customer, n: number): Promise<Answer>[] {
  return [
    shop.call(
      'PATCH',
      `/api/v1/products/${product.id}`,
      { price: { amount: 2_000 + n, currency: 'USD' } },
      shop.staffToken,
    ),
    shop.call('GET', `/api/v1/products?category=${shop.category}&limit=5`),
    shop.call('GET', `/api/v1/search?q=drill&category=${shop.category}`),
    shop.call('POST', '/api/v1/auth/login', { email: customer.email, password: 'long enough password' }),
    shop.call('GET', '/api/v1/orders', undefined, customer.token),
    placeOrder(shop, customer, [{ product_id: product.id, quantity: 1 }]),
    shop.call('GET', `/api/v1/analytics/funnel?from=${day(-1)}&to=${day(1)}`, undefined, shop.staffToken),
  ];
}

/** A 503 in the standard error body, with nothing of the internals. */
function isStandard503(answer: Answer): boolean {
  const error = answer.body.error as Record<string, unknown> | undefined;
  return (
    answer.status === 503 &&
    typeof error?.code === 'string' &&
    typeof error.message === 'string' &&
    typeof error.request_id === 'string' &&
    !/ECONNREFUSED|ECONNRESET|127\.0\.0\.1|at .*\.ts/.test(JSON.stringify(answer.body))
  );
}

/** Registers the scenario: its own platform, run beside the other scenarios (tests/faults/faults.test.ts). */
export function postgresRestart(backends: Backends): void {
  describe.concurrent('fault: PostgreSQL restarted under the services', () => {
    let platform: FaultPlatform;
    beforeAll(async () => {
      platform = await startFaultPlatform(backends);
    }, 180_000);
    afterAll(async () => {
      // Unset when the platform failed to start (it cleaned up after itself then).
      await (platform as FaultPlatform | undefined)?.close();
    }, 60_000);

    it(
      'answers 503s while it is gone, then every service recovers by itself',
      { concurrent: false, timeout: 180_000 },
      async () => {
        const shop = await openShop(platform.url);
        const product = await createProduct(shop, 1_000);
        const customer = await createCustomer(shop);
        const pids = Object.fromEntries(
          withDatabase.map((name) => [name, platform.services[name].process.pid]),
        );

        await platform.proxies.postgres.cut();
        const during: Answer[] = [];
        during.push(...(await Promise.all(requests(shop, product, customer, 1))));
        const degraded = await Promise.all(withDatabase.map((service) => readiness(platform, service)));
        await sleep(outageMs / 2);
        during.push(...(await Promise.all(requests(shop, product, customer, 2))));
        await sleep(outageMs / 2);
        await platform.proxies.postgres.restore();

        // Back: the same requests succeed again, served by the same processes. The deadline allows for
        // a loaded CI machine: once, in a full run right after the RabbitMQ outage scenario, orders took
        // more than 30 s to answer ready (in isolation every service is ready within a few seconds).
        await waitForAll(
          platform,
          'every service to be ready again',
          withDatabase,
          async (service) => (await readiness(platform, service)).status === 200,
          60_000,
        );
        let after: Answer[] = [];
        await waitUntil(
          async () => {
            after = await Promise.all(requests(shop, product, customer, 3));
            return after.every((answer) => answer.status >= 200 && answer.status < 300);
          },
          { what: 'requests to succeed after the restart', timeoutMs: 30_000, intervalMs: 1_000 },
        ).catch(() => undefined);
        const samePids = withDatabase.filter(
          (name) =>
            platform.services[name].process.isRunning() && platform.services[name].process.pid === pids[name],
        );
        const serving = (await Promise.all(withDatabase.map((service) => alive(platform, service)))).filter(
          Boolean,
        );

        // Events flow again: a price set now reaches search (relay woken, consumer's pool reconnected).
        const price = 7_777;
        const edited = await shop.call(
          'PATCH',
          `/api/v1/products/${product.id}`,
          { price: { amount: price, currency: 'USD' } },
          shop.staffToken,
        );
        let indexedPrice: number | undefined;
        await waitUntil(
          async () => {
            const [row] = await platform.query<{ price: number }>(
              'search',
              'select price_amount::int as price from search.documents where product_id = $1',
              [product.id],
            );
            indexedPrice = row?.price;
            return indexedPrice === price;
          },
          { what: 'the new price to reach search', timeoutMs: 30_000, intervalMs: 250 },
        ).catch(() => undefined);

        const standard = during.filter(isStandard503);
        const hung = during.filter((answer) => answer.status === noAnswer);
        const statuses = (answers: Answer[]) =>
          answers.map((answer) =>
            `${answer.status} ${(answer.body.error as { code?: string } | undefined)?.code ?? ''}`.trim(),
          );
        report('postgresql restarted', {
          'requests during the outage': during.length,
          'standard 503': standard.length,
          'hung (no answer in 15 s)': hung.length,
          other: during.length - standard.length - hung.length,
          'readiness naming the database': `${degraded.filter((ready) => ready.status === 503 && ready.checks.database === 'down').length}/${withDatabase.length}`,
          'services recovered without a restart': `${samePids.length}/${withDatabase.length}`,
          'requests after': `${after.filter((answer) => answer.status < 300).length}/${after.length} ok`,
          'price change reached search': indexedPrice === price ? 'yes' : 'no',
        });

        expect(statuses(during.filter((answer) => !isStandard503(answer)))).toEqual([]);
        expect(degraded.map((ready) => [ready.status, ready.checks.database])).toEqual(
          withDatabase.map(() => [503, 'down']),
        );
        expect(statuses(after)).toEqual(after.map((answer) => String(answer.status)));
        expect(after.every((answer) => answer.status >= 200 && answer.status < 300)).toBe(true);
        expect(samePids).toEqual(withDatabase);
        expect(serving).toHaveLength(withDatabase.length);
        expect(edited.status).toBe(200);
        expect(indexedPrice).toBe(price);
      },
    );
  });
}
