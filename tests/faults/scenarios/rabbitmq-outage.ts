/**
 * Fault scenario 1: RabbitMQ unreachable for 30 s while shoppers check out and staff edit products.
 * Writes keep succeeding (their events wait in the outboxes), every service stays up and says it is
 * degraded, and once the broker is back every event committed to an outbox reaches every consumer
 * subscribed to it, once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultPlatform, type FaultPlatform, type ServiceName } from '../support/fault-platform.js';
import { balanced, eventBooks, type EventBooks } from '../support/ledger.js';
import { outcome, startLoad } from '../support/load.js';
import { alive, readiness, waitForAll, waitUntil } from '../support/probes.js';
import { createCustomer, createProduct, openShop, placeOrder, type Product } from '../support/shop.js';
import { report, type Backends } from '../support/suite.js';

const outageMs = 30_000;
/** The services that publish or consume events: their readiness names the broker. */
const onTheBus: ServiceName[] = ['identity', 'catalog', 'search', 'payments', 'orders', 'analytics'];

/** Registers the scenario: its own platform, run beside the other scenarios (tests/faults/faults.test.ts). */
export function rabbitmqOutage(backends: Backends): void {
  describe.concurrent('fault: RabbitMQ down for 30 s under write load', () => {
    let platform: FaultPlatform;
    beforeAll(async () => {
      platform = await startFaultPlatform(backends);
    }, 180_000);
    afterAll(async () => {
      // Unset when the platform failed to start (it cleaned up after itself then).
      await (platform as FaultPlatform | undefined)?.close();
    }, 60_000);

    it(
      'keeps taking writes, reports degraded, and delivers every committed event once the broker is back',
      { concurrent: false, timeout: 240_000 },
      async () => {
        const shop = await openShop(platform.url);
        const products: Product[] = [];
        for (let i = 0; i < 6; i++) products.push(await createProduct(shop, 100_000));
        const customers = [await createCustomer(shop), await createCustomer(shop)];

        // Staff reprice products and customers check out, paced, for the whole drill.
        const load = startLoad({
          workers: 3,
          pauseMs: 150,
          next: (worker, n) => {
            const product = products[(worker + n) % products.length]!;
            if (n % 2 === 0) {
              const price = 1_000 + worker * 1_000 + n;
              return shop.call(
                'PATCH',
                `/api/v1/products/${product.id}`,
                { price: { amount: price, currency: 'USD' } },
                shop.staffToken,
              );
            }
            return placeOrder(shop, customers[worker % customers.length]!, [
              { product_id: product.id, quantity: 1 },
            ]);
          },
        });
        await sleep(1_000);

        // The broker goes away: connections reset, new ones refused.
        load.phase('outage');
        const cutAt = Date.now();
        await platform.proxies.rabbitmq.cut();
        await waitForAll(
          platform,
          'every service on the bus to report itself degraded',
          onTheBus,
          async (service) => {
            const ready = await readiness(platform, service);
            return ready.status === 503 && ready.checks.bus === 'down';
          },
          20_000,
        );
        const degraded = onTheBus.length;
        // New customers register meanwhile: identity's events wait in its outbox too.
        const latecomer = await createCustomer(shop);
        await sleep(Math.max(0, outageMs - (Date.now() - cutAt)));
        const stillServing = (await Promise.all(onTheBus.map((service) => alive(platform, service)))).filter(
          Boolean,
        ).length;
        const backlog = await eventBooks(platform);

        // The broker returns.
        load.phase('after');
        await platform.proxies.rabbitmq.restore();
        await waitForAll(
          platform,
          'every service to be ready again',
          onTheBus,
          async (service) => (await readiness(platform, service)).status === 200,
          30_000,
        );
        await placeOrder(shop, latecomer, [{ product_id: products[0]!.id, quantity: 1 }]);
        const tally = await load.stop();

        // Every event committed to an outbox reaches every consumer subscribed to it.
        let books: EventBooks = await eventBooks(platform);
        await waitUntil(
          async () => {
            books = await eventBooks(platform);
            return balanced(books);
          },
          { what: 'every committed event to be delivered', timeoutMs: 90_000, intervalMs: 500 },
        ).catch(() => undefined);

        // Search holds every product as catalog has it now: its last price and stock.
        const indexed = new Map(
          (
            await platform.query<{ id: string; price: number; stock: number }>(
              'search',
              'select product_id::text as id, price_amount::int as price, stock_qty as stock from search.documents',
            )
          ).map((row) => [row.id, row]),
        );
        const catalogProducts = await platform.query<{ id: string; price: number; stock: number }>(
          'catalog',
          'select id::text, price_amount as price, stock_qty as stock from catalog.products',
        );
        const stale = catalogProducts.filter((product) => {
          const document = indexed.get(product.id);
          return document?.price !== product.price || document.stock !== product.stock;
        });
        const during = outcome(tally.outage);
        const consumers = books.consumers;
        report('rabbitmq outage', {
          'writes during the outage accepted': during.ok,
          failed: during.failed,
          'services degraded': `${degraded}/${onTheBus.length}`,
          'still serving': `${stillServing}/${onTheBus.length}`,
          'events unpublished at the end of the outage': backlog.committed - backlog.published,
          'events committed': books.committed,
          published: books.published,
          'delivered to search': `${consumers.search.handled}/${consumers.search.expected}`,
          'to analytics': `${consumers.analytics.handled}/${consumers.analytics.expected}`,
          'to orders': `${consumers.orders.handled}/${consumers.orders.expected}`,
          'search documents stale': stale.length,
        });

        expect(during.ok).toBeGreaterThan(0);
        expect(tally.outage, 'answers during the outage by status').toEqual({
          200: expect.any(Number),
          201: expect.any(Number),
        });
        expect(stillServing).toBe(onTheBus.length);
        expect(backlog.committed - backlog.published, 'events held back during the outage').toBeGreaterThan(
          0,
        );
        expect(books.published).toBe(books.committed);
        for (const consumer of Object.values(consumers)) expect(consumer.missing).toEqual([]);
        expect(stale).toEqual([]);
      },
    );
  });
}
