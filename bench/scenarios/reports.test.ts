import { describe, expect, it } from 'vitest';
import type { MeasuredRun } from '../lib/measure.js';
import { describeStarts, type StartRun } from './embedded-start-report.js';
import { describeLogin } from './login-report.js';
import { describeCatalogSearch } from './catalog-search-report.js';
import { describeMe } from './me-through-gateway-report.js';
import { describeShopperJourney } from './shopper-journey-report.js';
import type { VirtualUserRun } from '../lib/virtual-users.js';

const start = (label: string, readyMs: number, peakMib: number): StartRun => ({
  label,
  readyMs,
  cpuMs: readyMs / 2,
  internalReadyMs: readyMs - 1000,
  peakMib,
  rssAtReadyMib: peakMib - 10,
  steadyMib: 400,
  children: [],
  childrenRssMib: 0,
  exit: 'clean',
});

const run = (
  label: string,
  rps: number,
  connections: number,
  cpu: Record<string, number> = {},
): MeasuredRun => ({
  label,
  connections,
  seconds: 10,
  requests: rps * 10,
  rps,
  meanMs: (1000 * connections) / rps,
  p50Ms: 10,
  p99Ms: 20,
  errors: 0,
  non2xx: 0,
  statusCodes: {},
  cpuMsPerRequest: { 'load generator': 0.1, ...cpu },
});

describe('the embedded-start section', () => {
  it('shows every run and judges each target, a miss as a miss', () => {
    const text = describeStarts(start('first', 12_000, 900), [
      start('later 1', 2000, 450),
      start('later 2', 2500, 460),
      start('later 3', 2200, 455),
    ]);
    expect(text).toContain('| first |');
    expect(text).toMatch(/first run ready < 10 s \| 12\.00 s \| \*\*miss\*\*/);
    expect(text).toMatch(/later run ready < 3 s \(median of 3\) \| 2\.20 s \| \*\*pass\*\*/);
    expect(text).toContain("the first start's peak does not");
  });

  it('says so when the process that created the data dir stays above the budget', () => {
    const text = describeStarts({ ...start('first', 9000, 900), steadyMib: 880 }, [
      start('later', 2000, 450),
    ]);
    expect(text).toMatch(/steady, first run \| 880 MiB \| \*\*miss\*\*/);
    expect(text).toContain('keeps 880 MiB until it stops');
  });
});

describe('the login section', () => {
  it('compares login with bare argon2 and names the costs', () => {
    const verify = [
      { inFlight: 1, verifications: 100, perSecond: 40, meanMs: 25, cpuMs: 25 },
      { inFlight: 4, verifications: 300, perSecond: 70, meanMs: 57, cpuMs: 27 },
    ];
    const text = describeLogin('argon2id, m=19456 KiB (19 MiB), t=2, p=1', verify, [
      run('login, 4 connections', 56, 4, { identity: 31 }),
    ]);
    expect(text).toContain('| 4 in flight | 70.0 |');
    expect(text).toContain('80%'); // 56 of 70 verifications per second
    expect(text).toContain('argon2id, m=19456 KiB');
  });
});

describe('the me-through-gateway section', () => {
  it('computes the gateway/bare ratio and the milliseconds each step adds', () => {
    const loaded = [
      run('static', 10_000, 50),
      run('pg', 4000, 50, { baseline: 0.1 }),
      run('identity', 2000, 50, { identity: 0.5 }),
      run('proxied', 900, 50, { gateway: 0.4, identity: 0.5 }),
      run('gateway', 1800, 50, { gateway: 0.2 }),
    ];
    const unloaded = loaded.map((loadedRun, index) => ({
      ...loadedRun,
      connections: 1,
      p50Ms: [0.2, 0.6, 1.2, 2, 0.5][index]!,
    }));
    const text = describeMe(loaded, unloaded);
    expect(text).toMatch(/>= 40% of the bare pg route \(req\/s\) \| 45% \| \*\*pass\*\*/);
    expect(text).toMatch(/p99 < 25 ms \(50 connections\) \| 20 ms \| \*\*pass\*\*/);
    expect(text).toContain('the proxied gateway hop adds 0.80 ms');
    expect(text).toContain('every request is proxied: 900 req/s (23% of the bare route');
    expect(text).toContain('answering from its store takes 0.50 ms');
  });

  it('refuses incomplete runs', () => {
    expect(() => describeMe([], [])).toThrow();
    const five = [1, 2, 3, 4, 5].map((index) => run(`run ${index}`, 100, 50));
    expect(() => describeMe(five, five.slice(0, 4))).toThrow();
  });
});

describe('the catalog-search section', () => {
  const spread = (p95: number, failures = 0) => ({
    count: 200,
    failures,
    p50: p95 / 2,
    p95,
    p99: p95 * 1.5,
    max: p95 * 2,
  });
  const figures = (gatewayRps: number, searchP95: number, freshnessFailures = 0) => ({
    catalogSize: 100_000,
    seed: { products: 100_000, seededSeconds: 50, indexedSeconds: 80 },
    reads: [[run('bare pg', 8000, 50)], [run('catalog direct', 9000, 50)], [run('gateway', gatewayRps, 50)]],
    searchLatency: spread(searchP95),
    freshness: spread(100, freshnessFailures),
  });

  it('reports the median run of each target, every run and ratio, and the worst p99', () => {
    const gatewayRuns = [9000, 7000, 8200].map((rps, index) => ({
      ...run('gateway', rps, 50, { gateway: 0.06, postgresql: 0.001 }),
      p99Ms: 10 + index * 10,
    }));
    const text = describeCatalogSearch({
      ...figures(0, 20),
      reads: [
        [run('bare pg', 8000, 50), run('bare pg', 7600, 50), run('bare pg', 9000, 50)],
        [run('catalog direct', 9000, 50), run('catalog direct', 9000, 50), run('catalog direct', 9000, 50)],
        gatewayRuns,
      ],
    });
    // Medians: gateway 8,200 of (9,000, 7,000, 8,200); bare 8,000 of (8,000, 7,600, 9,000).
    expect(text).toContain('| gateway | 8,200 | 9,000, 7,000, 8,200 | 10 ms | 30 ms |');
    expect(text).toMatch(/>= 1\.0x the bare pg read \(req\/s\) \| 1\.03x \| /);
    expect(text).toContain('by round: 1.13x, 0.92x, 0.91x.');
    expect(text).toMatch(/p99 < 25 ms \(worst run\) \| 30 ms \| \*\*miss/);
    const header = text.split('\n').find((line) => line.startsWith('| 50 connections'))!;
    const row = text.split('\n').find((line) => line.startsWith('| gateway |'))!;
    expect(row.split('|').length).toBe(header.split('|').length);
  });

  it('reports seeding rates and passes the targets a fast platform meets', () => {
    const text = describeCatalogSearch(figures(8800, 20));
    expect(text).toContain('| 100,000 | 50.0 s | 2,000 products/s | 80.0 s | 1,250 products/s |');
    expect(text).toMatch(/>= 1\.0x the bare pg read \(req\/s\) \| 1\.10x \| (?!.*miss)/);
    expect(text).not.toMatch(/search p95 < 30 ms \| [^|]+ \| .*miss/);
  });

  it('fails the read, search and freshness targets when they are missed', () => {
    const text = describeCatalogSearch(figures(4000, 45, 1));
    const misses = text.split('\n').filter((line) => /miss/i.test(line));
    expect(misses.map((line) => line.split('|')[1]!.trim())).toEqual([
      'product read through the gateway >= 1.0x the bare pg read (req/s)',
      'search p95 < 30 ms',
      'freshness p99 < 250 ms',
    ]);
  });
});

describe('the checkout report', () => {
  it('has as many headers as cells in every row, and names a violation when one happened', async () => {
    const { describeCheckout } = await import('./checkout-report.js');
    const loop = {
      workers: 50,
      seconds: 10,
      requests: 100,
      ok: 100,
      rps: 10,
      okPerSecond: 10,
      p50Ms: 1,
      p95Ms: 2,
      p99Ms: 3,
      maxMs: 4,
      errors: 0,
      refusals: {},
    };
    const oversold = {
      units: 200,
      attempts: 2_000,
      seconds: 3,
      outcomes: { '201': 201, '409 OUT_OF_STOCK': 1_799 },
      firstAnswers: { '201': 150, '504 UPSTREAM_TIMEOUT': 51, '409 OUT_OF_STOCK': 1_799 },
      retries: 51,
      stockLeft: 0,
    };
    const cpu = { orders: 20, postgresql: 15, gateway: 5 };
    const text = describeCheckout({ checkouts: loop, bare: loop, quotes: loop, oversold, cpu, cores: 2 });
    for (const block of text.split('\n\n').filter((part) => part.startsWith('|'))) {
      const cells = block.split('\n').map((row) => row.split('|').length);
      expect(new Set(cells).size).toBe(1);
    }
    expect(text).toContain('51 × 504 UPSTREAM_TIMEOUT');
    expect(text).toContain('**yes**');
    // The costliest process first; 40 ms a checkout on 2 cores caps the rate at 50 a second.
    expect(text).toContain('| CPU per paid checkout | orders | postgresql | gateway | all |');
    expect(text).toContain('caps throughput at 50.0 checkouts/s');
    expect(text).toContain('needs 6.7 ms of CPU per checkout or less');
  });

  it('shopper journey: a row per step, the bare baseline beside, and a verdict per target', () => {
    const figures = (p95Ms: number, errors = 0) => ({
      requests: 1_000,
      errors,
      p50Ms: 5,
      p95Ms,
      p99Ms: p95Ms * 2,
      maxMs: p95Ms * 3,
    });
    const journey = (failures: Record<string, number>): VirtualUserRun => ({
      users: 1_000,
      rampSeconds: 60,
      holdSeconds: 60,
      thinkMs: [2_000, 8_000],
      requestsPerMinute: 12_000,
      journeys: { browse: 550, search: 250, cart: 120, checkout: 50, account: 30 },
      total: figures(
        150,
        Object.values(failures).reduce((a, b) => a + b, 0),
      ),
      steps: { 'browse: product page': figures(20), 'checkout: place order': figures(300) },
      failures,
    });
    const seeding = {
      products: 100_000,
      productSeconds: 80,
      productsIndexedSeconds: 100,
      orders: 100_000,
      orderSeconds: 50,
      ordersConsumedSeconds: 70,
    };
    const passing = describeShopperJourney({ platform: journey({}), bare: journey({}), seeding });
    for (const block of passing.split('\n\n').filter((part) => part.startsWith('|'))) {
      const cells = block.split('\n').map((row) => row.split('|').length);
      expect(new Set(cells).size).toBe(1);
    }
    expect(passing).toContain('| checkout: place order | 1,000 | 5.0 ms | 300 ms |');
    expect(passing).toContain('| browse | 550 | 55.0% |');
    expect(passing).not.toContain('**miss**');
    expect(passing).toContain('think time of 2.0 to 8.0 s');
    expect(passing).toContain(
      '| past orders (until search and analytics consumed their events) | 100,000 | 50.0 s | 2,000/s | 70.0 s | 1,429/s |',
    );

    const failing = describeShopperJourney({
      platform: journey({ 'checkout: place order: 503 SERVICE_UNAVAILABLE': 3 }),
      bare: journey({}),
      seeding,
    });
    expect(failing).toContain('- 3 × checkout: place order: 503 SERVICE_UNAVAILABLE');
    expect(failing).toContain('**miss** 3 failed requests');

    const measured = describeShopperJourney({
      platform: journey({}),
      bare: journey({}),
      seeding,
      cpuShare: { gateway: 0.5, catalog: 0.97, postgresql: 0.3 },
    });
    expect(measured).toContain('| catalog | gateway | postgresql | all |');
    expect(measured).toContain('| 97% | 50% | 30% | 177% |');
  });
});
