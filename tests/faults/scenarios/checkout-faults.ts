/**
 * Fault scenarios 2 and 3, on one platform: payments unreachable from orders (the circuit opens,
 * checkouts fail fast with a 503 naming payments, nothing stays held, and the circuit closes again
 * when payments returns); catalog cut while a checkout is priced (its Idempotency-Key, retried after
 * the outage, places one paid order instead of replaying the 503); then orders killed with SIGKILL while many checkouts are in flight (after a
 * restart, recovery pays or cancels every one of them and the books of stock and money balance).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultPlatform, type FaultPlatform } from '../support/fault-platform.js';
import { checkoutBooks, type CheckoutBooks } from '../support/ledger.js';
import { waitUntil } from '../support/probes.js';
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

/** The standard error body (ARCHITECTURE "Errors"), with the code `code`. */
function isStandardError(answer: Answer, code: string): boolean {
  const error = answer.body.error as Record<string, unknown> | undefined;
  return (
    error?.code === code &&
    typeof error.message === 'string' &&
    typeof error.request_id === 'string' &&
    typeof error.timestamp === 'string'
  );
}

/** The transitions of orders' circuit to payments, from its log (`circuit of payments is open`...). */
function circuitChanges(logFile: string): string[] {
  return fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .flatMap((line) => /"msg":"circuit of payments is (\w+)"/.exec(line)?.[1] ?? []);
}

/** `201 x3, 503 PAYMENTS_UNAVAILABLE x10`: what clients were answered, for the report. */
function tally(answers: Answer[]): string {
  const counts = new Map<string, number>();
  for (const answer of answers) {
    const code = (answer.body.error as { code?: string } | undefined)?.code;
    const key = code ? `${answer.status} ${code}` : String(answer.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `${key} x${count}`).join(', ');
}

/** Waits until no order is pending: recovery (or the saga) has settled every checkout. */
async function settled(
  platform: FaultPlatform,
  products: Product[],
  timeoutMs: number,
): Promise<CheckoutBooks> {
  let books = await checkoutBooks(platform, products);
  await waitUntil(
    async () => {
      books = await checkoutBooks(platform, products);
      return books.pending === 0;
    },
    { what: 'every checkout to be settled', timeoutMs, intervalMs: 500 },
  ).catch(() => undefined);
  return books;
}

function expectBalanced(books: CheckoutBooks): void {
  expect(books.pending, 'orders left pending').toBe(0);
  expect(books.paidWithoutStockOrMoney, 'paid orders without committed stock or captured money').toEqual([]);
  expect(books.cancelledStillHolding, 'cancelled orders still holding stock or money').toEqual([]);
  expect(books.chargesWithoutPaidOrder, 'money taken for an order that is not paid').toEqual([]);
  expect(books.stockMismatches, 'stock = initial - units of paid orders').toEqual([]);
  expect(books.heldReservations, 'holds left').toBe(0);
}

/** Registers the scenario: its own platform, run beside the other scenarios (tests/faults/faults.test.ts). */
export function checkoutFaults(backends: Backends): void {
  describe.concurrent('fault: checkout when payments or orders fail', () => {
    let platform: FaultPlatform;
    let shop: Shop;
    beforeAll(async () => {
      platform = await startFaultPlatform(backends, {
        // Recovery looks often and soon, so a drill does not wait out production's 10 s / 30 s.
        // Its info log too: the circuit's transitions are what an operator sees of it.
        env: { orders: { RECOVERY_INTERVAL_MS: '500', RECOVERY_STALE_AFTER_MS: '3000', LOG_LEVEL: 'info' } },
      });
      shop = await openShop(platform.url);
    }, 180_000);
    afterAll(async () => {
      // Unset when the platform failed to start (it cleaned up after itself then).
      await (platform as FaultPlatform | undefined)?.close();
    }, 60_000);

    it(
      'payments unreachable: the circuit opens, checkouts fail fast with 503, no stock is held, and it closes again',
      { concurrent: false, timeout: 150_000 },
      async () => {
        const product = await createProduct(shop, 50);
        const customer = await createCustomer(shop);
        await platform.proxies.payments.cut();

        const answers: Answer[] = [];
        let slowestMs = 0;
        for (let i = 0; i < 14; i++) {
          const sent = performance.now();
          answers.push(await placeOrder(shop, customer, [{ product_id: product.id, quantity: 1 }]));
          slowestMs = Math.max(slowestMs, performance.now() - sent);
        }
        const unavailable = answers.filter(
          (answer) => answer.status === 503 && isStandardError(answer, 'PAYMENTS_UNAVAILABLE'),
        );
        const circuitLog = () => circuitChanges(platform.services.orders.process.logFile);
        const openedDuring = circuitLog();
        // Read before payments returns: what the outage itself left held.
        const during = await checkoutBooks(platform, [product]);
        const stockDuring = during.stockMismatches.length === 0 && during.heldReservations === 0;

        await platform.proxies.payments.restore();
        let closedAgain: Answer | undefined;
        await waitUntil(
          async () => {
            closedAgain = await placeOrder(shop, customer, [{ product_id: product.id, quantity: 1 }]);
            return closedAgain.status === 201;
          },
          { what: 'a checkout to succeed once payments is back', timeoutMs: 40_000, intervalMs: 1_000 },
        ).catch(() => undefined);
        const books = await settled(platform, [product], 30_000);
        const changes = circuitLog();

        report('payments unreachable', {
          checkouts: answers.length,
          answers: tally(answers),
          '503 PAYMENTS_UNAVAILABLE': unavailable.length,
          'slowest answer ms': Math.round(slowestMs),
          'circuit of payments': changes.join(' -> '),
          'units held during the outage': during.heldReservations,
          'stock exact during the outage': stockDuring ? 'yes' : 'no',
          'checkout after payments returned': closedAgain?.status ?? noAnswer,
          'orders paid': books.paid,
          cancelled: books.cancelled,
          'charges without a paid order': books.chargesWithoutPaidOrder.length,
        });

        expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 503));
        expect(unavailable).toHaveLength(answers.length);
        expect(openedDuring, "orders' log: the circuit of payments opened during the outage").toContain(
          'open',
        );
        expect(changes.at(-1), 'and closed again after it').toBe('closed');
        expect(during.heldReservations, 'holds left during the outage').toBe(0);
        expect(during.stockMismatches, 'stock during the outage').toEqual([]);
        expect(closedAgain?.status, JSON.stringify(closedAgain?.body)).toBe(201);
        expectBalanced(books);
      },
    );

    it(
      'catalog cut while pricing: the same Idempotency-Key retried after the outage places one paid order',
      { concurrent: false, timeout: 90_000 },
      async () => {
        const product = await createProduct(shop, 10);
        const customer = await createCustomer(shop);
        const key = randomUUID();
        const items = [{ product_id: product.id, quantity: 1 }];
        const ordersOfCustomer = () =>
          platform.query<{ id: string; status: string }>(
            'orders',
            'select id::text, status from orders.orders where customer_id = $1',
            [customer.id],
          );

        await platform.proxies.catalog.cut();
        const during = await placeOrder(shop, customer, items, key);
        const ordersDuring = (await ordersOfCustomer()).length;
        await platform.proxies.catalog.restore();

        // The shopper retries with the same key until the platform answers (orders' circuit to
        // catalog may stay open a moment): the outage's 503 must not be what the key answers forever.
        const retries: Answer[] = [];
        await waitUntil(
          async () => {
            const answer = await placeOrder(shop, customer, items, key);
            retries.push(answer);
            return ![noAnswer, 502, 503, 504].includes(answer.status);
          },
          { what: 'the retried checkout to answer', timeoutMs: 40_000, intervalMs: 1_000 },
        ).catch(() => undefined);
        const settledAnswer = retries.at(-1);
        const replay = await placeOrder(shop, customer, items, key);
        const placed = await ordersOfCustomer();
        const books = await settled(platform, [product], 30_000);

        report('catalog cut while pricing', {
          'first answer': tally([during]),
          'orders after it': ordersDuring,
          'retries with the same key': retries.length,
          'retries answered': tally(retries),
          'replay answered': `${replay.status}${replay.headers.get('idempotent-replayed') ? ' (replayed)' : ''}`,
          'orders of the shopper': placed.length,
          paid: placed.filter((order) => order.status === 'paid').length,
        });

        expect(during.status, JSON.stringify(during.body)).toBe(503);
        expect(isStandardError(during, 'CATALOG_UNAVAILABLE'), JSON.stringify(during.body)).toBe(true);
        expect(ordersDuring, 'orders created by the try during the outage').toBe(0);
        expect(settledAnswer?.status, JSON.stringify(settledAnswer?.body)).toBe(201);
        expect(replay.status).toBe(201);
        expect(replay.headers.get('idempotent-replayed')).toBe('true');
        expect(replay.body.id).toBe(settledAnswer?.body.id);
        expect(placed).toEqual([{ id: settledAnswer?.body.id, status: 'paid' }]);
        expectBalanced(books);
      },
    );

    it(
      'orders killed mid-checkout: after a restart every order is paid with its stock or cancelled with it back, and nobody is charged for nothing',
      { concurrent: false, timeout: 180_000 },
      async () => {
        const products: Product[] = [];
        for (let i = 0; i < 4; i++) products.push(await createProduct(shop, 25));
        const customers: Customer[] = [];
        for (let i = 0; i < 6; i++) customers.push(await createCustomer(shop));

        // Payments answers slowly, so checkouts pile up between their steps when the crash comes.
        platform.proxies.payments.delay(300);
        const requests = Array.from({ length: 36 }, (_, i) => {
          const items = [{ product_id: products[i % 4]!.id, quantity: 1 + (i % 3) }];
          if (i % 2 === 1) items.push({ product_id: products[(i + 1) % 4]!.id, quantity: 1 });
          return { customer: customers[i % customers.length]!, items, key: randomUUID() };
        });
        const inFlight = requests.map((request) =>
          placeOrder(shop, request.customer, request.items, request.key),
        );

        // How far the sagas got is what catalog and payments hold for them (orders records no steps).
        let midway: { step: string; count: number }[] = [];
        await waitUntil(
          async () => {
            const [held, authorized] = await Promise.all([
              platform.query<{ count: number }>(
                'catalog',
                "select count(*)::int as count from catalog.reservations where status = 'held'",
              ),
              platform.query<{ count: number }>(
                'payments',
                "select count(*)::int as count from payments.payments where status = 'authorized'",
              ),
            ]);
            midway = [
              { step: 'stock held', count: held[0]?.count ?? 0 },
              { step: 'money authorized', count: authorized[0]?.count ?? 0 },
            ];
            // Some have stock held or money authorized: the crash leaves work for recovery on both sides.
            return (held[0]?.count ?? 0) >= 4;
          },
          { what: 'checkouts to be in flight', timeoutMs: 30_000, intervalMs: 50 },
        );
        await platform.services.orders.kill();
        const first = await Promise.all(inFlight);
        platform.proxies.payments.delay(0);

        await platform.services.orders.restart();
        await settled(platform, products, 60_000);

        // Shoppers who got no outcome send the same request again: they get the settled one.
        const unsure = requests.filter((_, i) => ![201, 402, 409].includes(first[i]!.status));
        const retried: Answer[] = [];
        for (const request of unsure) {
          let answer: Answer | undefined;
          await waitUntil(
            async () => {
              answer = await placeOrder(shop, request.customer, request.items, request.key);
              // The gateway's circuit of orders may still be open after the crash: ask again shortly.
              return ![noAnswer, 502, 503, 504].includes(answer.status);
            },
            { what: 'a retried checkout to answer', timeoutMs: 30_000, intervalMs: 500 },
          ).catch(() => undefined);
          retried.push(answer!);
        }
        const paidIds = new Set(
          (
            await platform.query<{ id: string }>(
              'orders',
              "select id::text from orders.orders where status = 'paid'",
            )
          ).map((row) => row.id),
        );
        const retriedPaidButNotPaid = retried.filter(
          (answer) => answer.status === 201 && !paidIds.has(answer.body.id as string),
        );
        const after = await settled(platform, products, 30_000);

        report('orders killed mid-checkout', {
          'checkouts sent': requests.length,
          'pending at the kill': midway.map((row) => `${row.count} ${row.step}`).join(' + '),
          'first answers': tally(first),
          'answered before the kill': requests.length - unsure.length,
          'without an outcome': unsure.length,
          'retried with the same key': retried.length,
          'retries answered': tally(retried),
          'orders after recovery': after.orders,
          paid: after.paid,
          cancelled: after.cancelled,
          pending: after.pending,
          'stock mismatches': after.stockMismatches.length,
          'holds left': after.heldReservations,
          'charges without a paid order': after.chargesWithoutPaidOrder.length,
        });

        expect(unsure.length, 'checkouts cut off by the crash').toBeGreaterThan(0);
        expect(
          retried
            .map((answer) => answer.status)
            .filter((status) => [noAnswer, 502, 503, 504].includes(status)),
        ).toEqual([]);
        expect(retriedPaidButNotPaid).toEqual([]);
        expect(after.paid).toBeGreaterThan(0);
        expectBalanced(after);
      },
    );
  });
}
