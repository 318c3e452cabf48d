import { formatNumber as n, table, verdict } from '../lib/markdown.js';
import type { StepFigures, VirtualUserRun } from '../lib/virtual-users.js';

/** `bodega seed` of the shop the shoppers walk in, and until the rest of the platform caught up. */
export interface SeedingRun {
  products: number;
  /** `bodega seed --products` from start to exit. */
  productSeconds: number;
  /** From the start of product seeding until search counted every product. */
  productsIndexedSeconds: number;
  orders: number;
  /** `bodega seed --orders` from start to exit: every order committed with its event. */
  orderSeconds: number;
  /**
   * From the start of order seeding until their events were consumed: orders' outbox had published
   * every one and no consumer's queue held a message (search and analytics had applied them).
   */
  ordersConsumedSeconds: number;
}

export interface ShopperJourneyFigures {
  platform: VirtualUserRun;
  bare: VirtualUserRun;
  seeding: SeedingRun;
  /**
   * CPU each process used while the shoppers ran (ramp and hold), as a share of one core: a Node
   * service near 100% is a bottleneck of its own, whatever the machine has left.
   */
  cpuShare?: Record<string, number>;
}

/** The designs' targets for the mixed journey at 1,000 users (issue 9). */
export const journeyTargets = { p95Ms: 200, requestsPerMinute: 10_000, errors: 0 };

const ms = (value: number) => `${n(value, 1)} ms`;
const row = (label: string, figures: StepFigures) => [
  label,
  n(figures.requests, 0),
  ms(figures.p50Ms),
  ms(figures.p95Ms),
  ms(figures.p99Ms),
  ms(figures.maxMs),
  figures.errors,
];

/** The report section of the shopper-journey scenario: per-step table, totals beside the bare baseline, verdicts. */
export function describeShopperJourney(figures: ShopperJourneyFigures): string {
  const { platform, bare, seeding } = figures;
  const seeded = table(
    ['seeded with `bodega seed`', 'count', 'command', 'rate', 'until the platform caught up', 'rate'],
    [
      [
        'products (until search indexed them)',
        n(seeding.products, 0),
        `${n(seeding.productSeconds, 1)} s`,
        `${n(seeding.products / seeding.productSeconds, 0)}/s`,
        `${n(seeding.productsIndexedSeconds, 1)} s`,
        `${n(seeding.products / seeding.productsIndexedSeconds, 0)}/s`,
      ],
      [
        'past orders (until search and analytics consumed their events)',
        n(seeding.orders, 0),
        `${n(seeding.orderSeconds, 1)} s`,
        `${n(seeding.orders / seeding.orderSeconds, 0)}/s`,
        `${n(seeding.ordersConsumedSeconds, 1)} s`,
        `${n(seeding.orders / seeding.ordersConsumedSeconds, 0)}/s`,
      ],
    ],
  );
  const headers = ['request (hold window)', 'requests', 'p50', 'p95', 'p99', 'max', 'errors'];
  const steps = table(headers, [
    ...Object.entries(platform.steps).map(([step, each]) => row(step, each)),
    row('**all requests through the gateway**', platform.total),
    row('bare Fastify + pg, primary-key read (same users and think times)', bare.total),
  ]);
  const totalJourneys = Object.values(platform.journeys).reduce((sum, count) => sum + count, 0);
  const mix = table(
    ['journey', 'completed', 'share'],
    Object.entries(platform.journeys).map(([name, count]) => [
      name,
      n(count, 0),
      `${n((count / Math.max(totalJourneys, 1)) * 100, 1)}%`,
    ]),
  );
  const failures = Object.entries(platform.failures);
  const failureList =
    failures.length === 0
      ? 'No request failed, during the ramp or the hold.'
      : `Failures (ramp and hold):\n\n${failures.map(([what, count]) => `- ${count} × ${what}`).join('\n')}`;
  const p95ok = platform.total.p95Ms < journeyTargets.p95Ms;
  const rateOk = platform.requestsPerMinute >= journeyTargets.requestsPerMinute;
  const errorsOk = failures.length === 0;
  return [
    `${n(platform.users, 0)} virtual shoppers, ramped up evenly over ${platform.rampSeconds} s, then held ` +
      `for ${n(platform.holdSeconds, 0)} s (the measured window), in a shop of ${n(seeding.products, 0)} ` +
      `products and ${n(seeding.orders, 0)} past orders. Each shopper walks journeys picked by weight (browse 55%, search 25%, cart 12%, ` +
      `checkout 5%, account 3%) with a think time of ` +
      `${n(platform.thinkMs[0] / 1000, 1)} to ${n(platform.thinkMs[1] / 1000, 1)} s between requests. Latencies are exact, ` +
      `all answers included.`,
    seeded,
    steps,
    mix,
    `Throughput in the hold window: **${n(platform.requestsPerMinute, 0)} requests/min** through the ` +
      `gateway (the bare baseline under the same users: ${n(bare.requestsPerMinute, 0)} requests/min).`,
    failureList,
    ...(figures.cpuShare ? [cpuTable(figures.cpuShare)] : []),
    [
      `- ${verdict(p95ok)} p95 ${ms(platform.total.p95Ms)} (target: under ${journeyTargets.p95Ms} ms)`,
      `- ${verdict(rateOk)} ${n(platform.requestsPerMinute, 0)} requests/min (target: at least ${n(journeyTargets.requestsPerMinute, 0)})`,
      `- ${verdict(errorsOk)} ${failures.reduce((sum, [, count]) => sum + count, 0)} failed requests (target: none)`,
    ].join('\n'),
  ].join('\n\n');
}

/** Each process's CPU during the run, busiest first, with the whole machine's share of its cores. */
function cpuTable(share: Record<string, number>): string {
  const byUse = Object.entries(share).sort(([, a], [, b]) => b - a);
  const all = byUse.reduce((sum, [, value]) => sum + value, 0);
  return [
    'CPU while the shoppers ran (ramp and hold), in % of one core (two cores: 200%):',
    '',
    table(
      [...byUse.map(([name]) => name), 'all'],
      [[...byUse.map(([, value]) => `${n(100 * value, 0)}%`), `${n(100 * all, 0)}%`]],
    ),
  ].join('\n');
}
