/**
 * Fault scenarios 5 and 6, on one platform: every event delivered a second time (each envelope
 * republished straight to the exchange) has no second effect anywhere; and a poison message (a
 * handler that keeps failing on it, an envelope that breaks its contract) lands in the dead-letter
 * queue, and once the cause is fixed, a replay applies it exactly once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBus } from '@bodega/events';
import { handledDeliveries, operatorBus, publishRaw } from '../support/broker.js';
import { startFaultPlatform, type DataService, type FaultPlatform } from '../support/fault-platform.js';
import { balanced, eventBooks, outboxRows, subscriptions, type Consumer } from '../support/ledger.js';
import { waitUntil } from '../support/probes.js';
import { createCustomer, createProduct, must, openShop, placeOrder, type Shop } from '../support/shop.js';
import { report, type Backends } from '../support/suite.js';

/** Every table an event handler writes, by service: what a duplicate must leave as it is. */
const effects: [DataService, string][] = [
  ['search', 'search.documents'],
  ['search', 'search.popularity'],
  ['search', 'search.co_occurrences'],
  ['search', 'search.inbox'],
  ['orders', 'orders.orders'],
  ['orders', 'orders.order_history'],
  ['orders', 'orders.inbox'],
  ['analytics', 'analytics.orders'],
  ['analytics', 'analytics.customers'],
  ['analytics', 'analytics.sales_hourly'],
  ['analytics', 'analytics.product_hourly'],
  ['analytics', 'analytics.inbox'],
];

/** Each table's rows, as JSON in a stable order. */
async function snapshot(platform: FaultPlatform): Promise<Map<string, string>> {
  const tables = new Map<string, string>();
  for (const [service, table] of effects) {
    const [row] = await platform.query<{ rows: unknown }>(
      service,
      `select coalesce(jsonb_agg(to_jsonb(t) order by to_jsonb(t)::text), '[]') as rows from ${table} t`,
    );
    tables.set(table, JSON.stringify(row?.rows));
  }
  return tables;
}

async function waitBalanced(platform: FaultPlatform): Promise<void> {
  let books = await eventBooks(platform);
  await waitUntil(
    async () => {
      books = await eventBooks(platform);
      return balanced(books);
    },
    { what: 'every committed event to be delivered', timeoutMs: 30_000, intervalMs: 250 },
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}: ${JSON.stringify(books)}`);
  });
}

const consumerService: Record<Consumer, DataService> = {
  search: 'search',
  analytics: 'analytics',
  orders: 'orders',
};

/** Registers the scenario: its own platform, run beside the other scenarios (tests/faults/faults.test.ts). */
export function eventFaults(backends: Backends): void {
  describe.concurrent('fault: events delivered twice, and a poison message', () => {
    let platform: FaultPlatform;
    let shop: Shop;
    let bus: EventBus;
    beforeAll(async () => {
      platform = await startFaultPlatform(backends, {
        // A handler that keeps failing is dead-lettered after three quick tries, not five slow ones.
        env: { search: { INDEXER_MAX_ATTEMPTS: '3', INDEXER_RETRY_BASE_MS: '200' } },
      });
      shop = await openShop(platform.url);
      bus = await operatorBus(platform);
    }, 180_000);
    afterAll(async () => {
      await bus.close();
      // Unset when the platform failed to start (it cleaned up after itself then).
      await (platform as FaultPlatform | undefined)?.close();
    }, 60_000);

    it(
      'every event delivered twice has one effect: search, refunds in orders, analytics',
      { concurrent: false, timeout: 150_000 },
      async () => {
        // A little of everything that produces events: products, customers, paid orders, refunds.
        const lamp = await createProduct(shop, 100, 4_000);
        const shade = await createProduct(shop, 100, 1_500);
        const buyers = [await createCustomer(shop), await createCustomer(shop)];
        const placed = [];
        for (const [i, buyer] of buyers.entries()) {
          placed.push(
            must(
              await placeOrder(shop, buyer, [
                { product_id: lamp.id, quantity: 1 + i },
                { product_id: shade.id, quantity: 2 },
              ]),
              201,
              'checkout',
            ),
          );
        }
        must(
          await shop.call(
            'PATCH',
            `/api/v1/products/${lamp.id}`,
            { name: `${lamp.name} (brass)` },
            shop.staffToken,
          ),
          200,
          'edit product',
        );
        // One full refund (the order becomes refunded) and one partial (a note in its history).
        const refund = (paymentId: string, body: object) =>
          shop.call('POST', `/api/v1/payments/${paymentId}/refund`, body, shop.staffToken, {
            'idempotency-key': randomUUID(),
          });
        must(await refund(placed[0]!.payment_id as string, {}), 201, 'full refund');
        must(
          await refund(placed[1]!.payment_id as string, { amount: { amount: 500, currency: 'USD' } }),
          201,
          'partial refund',
        );
        await waitBalanced(platform);

        const before = await snapshot(platform);
        const handledBefore = Object.fromEntries(
          await Promise.all(
            (Object.keys(subscriptions) as Consumer[]).map(
              async (consumer) =>
                [consumer, await handledDeliveries(platform, consumerService[consumer], consumer)] as const,
            ),
          ),
        ) as Record<Consumer, number>;

        // Every envelope ever committed, published a second time, as a relay crashing before its mark would.
        const envelopes = (await outboxRows(platform)).map((row) => row.envelope);
        await publishRaw(platform, envelopes);
        const routed = Object.fromEntries(
          (Object.keys(subscriptions) as Consumer[]).map((consumer) => [
            consumer,
            envelopes.filter((envelope) => subscriptions[consumer].includes(envelope.type as string)).length,
          ]),
        ) as Record<Consumer, number>;
        const redelivered = {} as Record<Consumer, number>;
        await waitUntil(
          async () => {
            for (const consumer of Object.keys(subscriptions) as Consumer[]) {
              redelivered[consumer] =
                (await handledDeliveries(platform, consumerService[consumer], consumer)) -
                handledBefore[consumer];
            }
            return (Object.keys(routed) as Consumer[]).every(
              (consumer) => redelivered[consumer] >= routed[consumer],
            );
          },
          { what: 'every duplicate to be handled', timeoutMs: 60_000, intervalMs: 250 },
        );

        const after = await snapshot(platform);
        const changed = [...before.keys()].filter((table) => before.get(table) !== after.get(table));
        const orderStatuses = (
          await platform.query<{ status: string }>(
            'orders',
            'select status from orders.orders order by status',
          )
        ).map((row) => row.status);
        report('every event delivered twice', {
          'envelopes republished': envelopes.length,
          'duplicates handled by search': `${redelivered.search}/${routed.search}`,
          'by analytics': `${redelivered.analytics}/${routed.analytics}`,
          'by orders': `${redelivered.orders}/${routed.orders}`,
          'tables compared': before.size,
          'tables changed by the duplicates': changed.length,
          'orders by status': orderStatuses.join(' '),
        });

        expect(routed.search).toBeGreaterThan(0);
        expect(routed.orders, 'refund events redelivered to orders').toBe(2);
        expect(changed).toEqual([]);
        expect(orderStatuses).toEqual(['paid', 'refunded']);
      },
    );

    it(
      'a poison message is dead-lettered, not lost, and applied once when replayed after the fix',
      { concurrent: false, timeout: 150_000 },
      async () => {
        const poisoned = await createProduct(shop, 10);
        const healthy = await createProduct(shop, 10);
        await waitBalanced(platform);

        // The "bug": search's table refuses this product's new name, so its indexer fails on the event.
        await platform.query(
          'search',
          "alter table search.documents add constraint faults_poison check (name not like '%[poison]%') not valid",
        );
        const poisonName = `${poisoned.name} [poison]`;
        must(
          await shop.call('PATCH', `/api/v1/products/${poisoned.id}`, { name: poisonName }, shop.staffToken),
          200,
          'edit',
        );
        // Behind it, events keep flowing: the poison blocks nothing.
        must(
          await shop.call(
            'PATCH',
            `/api/v1/products/${healthy.id}`,
            { name: `${healthy.name} v2` },
            shop.staffToken,
          ),
          200,
          'edit',
        );
        // And an envelope that breaks its contract goes to the dead letters too, without retries.
        const invalidId = randomUUID();
        await publishRaw(platform, [
          {
            id: invalidId,
            type: 'catalog.product.updated',
            version: 1,
            occurred_at: new Date().toISOString(),
            source: 'catalog',
            data: { product_id: 'not-a-uuid' },
          },
        ]);

        const poisonEvent = (await outboxRows(platform)).find(
          (row) =>
            row.type === 'catalog.product.updated' && JSON.stringify(row.envelope).includes('[poison]'),
        );
        expect(poisonEvent).toBeDefined();
        const poisonId = poisonEvent!.id;
        let letters = await bus.deadLetters('search');
        await waitUntil(
          async () => {
            letters = await bus.deadLetters('search');
            return [poisonId, invalidId].every((id) => letters.some((letter) => letter.id === id));
          },
          { what: 'both messages in the dead-letter queue of search', timeoutMs: 30_000, intervalMs: 250 },
        );
        const poisonLetter = letters.find((letter) => letter.id === poisonId)!;
        const invalidLetter = letters.find((letter) => letter.id === invalidId)!;
        const documentName = async (id: string) =>
          (
            await platform.query<{ name: string }>(
              'search',
              'select name from search.documents where product_id = $1',
              [id],
            )
          )[0]?.name;
        let healthyName: string | undefined;
        await waitUntil(
          async () => {
            healthyName = await documentName(healthy.id);
            return healthyName === `${healthy.name} v2`;
          },
          { what: 'the event behind the poison to be indexed', timeoutMs: 30_000, intervalMs: 250 },
        ).catch(() => undefined);
        const nameWhileBroken = await documentName(poisoned.id);

        // The fix ships; the operator replays the poison message, and only it.
        await platform.query('search', 'alter table search.documents drop constraint faults_poison');
        const replayed = await bus.replay('search', [poisonId]);
        let indexedName: string | undefined;
        await waitUntil(
          async () => {
            indexedName = await documentName(poisoned.id);
            return indexedName === poisonName;
          },
          { what: 'the replayed event to be applied', timeoutMs: 30_000, intervalMs: 250 },
        ).catch(() => undefined);
        const inboxRows = await platform.query<{ count: number }>(
          'search',
          "select count(*)::int as count from search.inbox where consumer = 'search' and event_id = $1",
          [poisonId],
        );
        const replayedAgain = await bus.replay('search', [poisonId]);
        const left = await bus.deadLetters('search');

        report('poison message', {
          'dead-lettered': letters.length,
          [`handler failures (after ${poisonLetter.attempts} attempts)`]: 1,
          'contract failures (0 attempts)': invalidLetter.attempts === 0 ? 1 : 0,
          'event behind the poison indexed': healthyName === `${healthy.name} v2` ? 'yes' : 'no',
          replayed,
          'applied after the replay': indexedName === poisonName ? 1 : 0,
          'inbox rows for it': inboxRows[0]?.count ?? 0,
          'replayed a second time': replayedAgain,
          'left in the dead-letter queue': left
            .map((letter) => (letter.id === invalidId ? 'the invalid envelope' : letter.id))
            .join(', '),
        });

        expect(poisonLetter).toMatchObject({ type: 'catalog.product.updated', attempts: 3 });
        expect(poisonLetter.error).toMatch(/faults_poison/);
        expect(invalidLetter).toMatchObject({ attempts: 0 });
        expect(invalidLetter.error).toMatch(/^contract:/);
        expect(healthyName).toBe(`${healthy.name} v2`);
        expect(nameWhileBroken).toBe(poisoned.name);
        expect(replayed).toBe(1);
        expect(indexedName).toBe(poisonName);
        expect(inboxRows[0]?.count).toBe(1);
        expect(replayedAgain).toBe(0);
        expect(left.map((letter) => letter.id)).toEqual([invalidId]);
      },
    );
  });
}
