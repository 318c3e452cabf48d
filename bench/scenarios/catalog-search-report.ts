import { latency, non2xxCell, formatNumber as n, table, verdict } from '../lib/markdown.js';
import type { MeasuredRun } from '../lib/measure.js';
import { ratio } from '../lib/stats.js';

/** Latencies of a series of requests, in milliseconds. */
export interface Distribution {
  count: number;
  failures: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface SeedRun {
  products: number;
  /** `bodega seed` from start to exit: every product and its event committed in catalog. */
  seededSeconds: number;
  /** From the start of seeding until search counted every product. */
  indexedSeconds: number;
}

export interface CatalogSearchFigures {
  catalogSize: number;
  seed: SeedRun;
  /** In order: bare pg read, catalog direct, gateway; each its rounds' runs, in the order run. */
  reads: MeasuredRun[][];
  searchLatency: Distribution;
  freshness: Distribution;
}

/** The run with the median req/s (the lower middle one of an even count). */
function medianRun(runs: MeasuredRun[]): MeasuredRun {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

const ms = (value: number) => `${n(value, 2)} ms`;
const cpu = (run: MeasuredRun, process: string) => {
  const value = run.cpuMsPerRequest[process] ?? Number.NaN;
  return value >= 0.005 ? ms(value) : '-';
};

/** The report section of the catalog-search scenario: tables, then the verdicts against the issue's targets. */
export function describeCatalogSearch(figures: CatalogSearchFigures): string {
  const { seed, reads, searchLatency, freshness } = figures;
  const [bareRuns, , gatewayRuns] = reads;
  if (reads.length !== 3 || reads.some((runs) => runs.length === 0) || !bareRuns || !gatewayRuns)
    throw new Error('expected runs of three read targets');
  const medians = reads.map(medianRun);
  const [bare, , gateway] = medians as [MeasuredRun, MeasuredRun, MeasuredRun];
  const roundRatios = gatewayRuns.map((run, index) => ratio(run.rps, bareRuns[index]?.rps ?? Number.NaN));
  const worstGatewayP99 = Math.max(...gatewayRuns.map((run) => run.p99Ms));

  const seeding = table(
    ['products', 'seeded (catalog committed)', 'rate', 'indexed by search', 'rate'],
    [
      [
        n(seed.products, 0),
        `${n(seed.seededSeconds, 1)} s`,
        `${n(seed.products / seed.seededSeconds, 0)} products/s`,
        `${n(seed.indexedSeconds, 1)} s`,
        `${n(seed.products / seed.indexedSeconds, 0)} products/s`,
      ],
    ],
  );
  const readTable = table(
    [
      `${gateway.connections} connections, median of ${gatewayRuns.length} runs`,
      'req/s',
      'runs (req/s)',
      'p50',
      'p99',
      'errors',
      'non-2xx',
      'CPU/req gateway',
      'catalog',
      'search',
      'postgresql',
      'bare',
      'load generator',
    ],
    medians.map((run, index) => {
      const runs = reads[index]!;
      return [
        run.label,
        n(run.rps),
        runs.map((each) => n(each.rps)).join(', '),
        latency(run.p50Ms, 0),
        latency(Math.max(...runs.map((each) => each.p99Ms)), 0),
        runs.reduce((sum, each) => sum + each.errors, 0),
        non2xxCell(
          runs.reduce((sum, each) => sum + each.non2xx, 0),
          Object.assign({}, ...runs.map((each) => each.statusCodes)) as Record<string, number>,
        ),
        cpu(run, 'gateway'),
        cpu(run, 'catalog'),
        cpu(run, 'search'),
        cpu(run, 'postgresql'),
        cpu(run, 'baseline'),
        cpu(run, 'load generator'),
      ];
    }),
  );
  const series = (name: string, d: Distribution) => [
    name,
    d.count,
    d.failures,
    ms(d.p50),
    ms(d.p95),
    ms(d.p99),
    ms(d.max),
  ];
  const latencies = table(
    ['series', 'samples', 'failures', 'p50', 'p95', 'p99', 'max'],
    [
      series(
        `search, distinct queries on ${n(figures.catalogSize, 0)} products (one at a time)`,
        searchLatency,
      ),
      series('freshness: write sent -> visible in search', freshness),
    ],
  );
  const share = ratio(gateway.rps, bare.rps);
  const verdicts = table(
    ['target', 'measured', 'verdict'],
    [
      [
        'product read through the gateway >= 1.0x the bare pg read (req/s)',
        `${n(share, 2)}x`,
        verdict(share >= 1),
      ],
      ['product read p99 < 25 ms (worst run)', latency(worstGatewayP99, 0), verdict(worstGatewayP99 < 25)],
      [
        'search p95 < 30 ms',
        ms(searchLatency.p95),
        verdict(searchLatency.p95 < 30 && searchLatency.failures === 0),
      ],
      ['freshness p99 < 250 ms', ms(freshness.p99), verdict(freshness.p99 < 250 && freshness.failures === 0)],
    ],
  );
  return [
    "**Seeding** (`bodega seed --products N`, batches of 1,000 through catalog's internal batch route):",
    '',
    seeding,
    '',
    '**Product read on cache hits** (autocannon; the bare route is Fastify + `pg` selecting one row by primary key).',
    'Rounds interleave the three targets, each run starting on an idle machine; the row shows the median run',
    "(p99: the worst run's). CPU per request of each process during the run: the gateway's hits are",
    'reported to catalog as views, which search applies to popularity; PostgreSQL serves the bare route.',
    '',
    readTable,
    '',
    `Gateway / bare req/s by round: ${roundRatios.map((value) => `${n(value, 2)}x`).join(', ')}.`,
    '',
    '**Search and freshness:**',
    '',
    latencies,
    '',
    verdicts,
  ].join('\n');
}
