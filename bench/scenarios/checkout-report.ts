import type { ClosedLoopRun } from '../lib/closed-loop.js';
import { formatNumber as n, table, verdict } from '../lib/markdown.js';

export interface OversellRun {
  units: number;
  attempts: number;
  seconds: number;
  /** Final answers by status (and error code): `201`, `409 OUT_OF_STOCK`... */
  outcomes: Record<string, number>;
  /** The first answer of every attempt, before the retries of those that were not final. */
  firstAnswers: Record<string, number>;
  /** Requests sent again with the same Idempotency-Key until every attempt had a final answer. */
  retries: number;
  stockLeft: number;
}

export interface CheckoutFigures {
  checkouts: ClosedLoopRun;
  bare: ClosedLoopRun;
  oversold: OversellRun;
  quotes: ClosedLoopRun;
  /**
   * CPU milliseconds per paid checkout during the throughput loop (and the two seconds after it, while
   * its last events were delivered), by process: the services and the servers behind them.
   */
  cpu: Record<string, number>;
  /** Cores of the machine the run had. */
  cores: number;
}

const ms = (value: number) => `${n(value, 1)} ms`;
const notFinal = (answers: Record<string, number>) =>
  Object.entries(answers)
    .filter(
      ([key]) =>
        key.includes('IDEMPOTENCY_IN_PROGRESS') ||
        !['201', '402', '409', '422'].some((final) => key.startsWith(final)),
    )
    .map(([key, count]) => `${count} × ${key}`)
    .join(', ') || '0';
const refusals = (run: ClosedLoopRun) =>
  Object.entries(run.refusals)
    .map(([key, count]) => `${count} × ${key}`)
    .join(', ') || '0';

/** The report section of the checkout scenario: tables, then verdicts against issue 4's targets. */
export function describeCheckout(figures: CheckoutFigures): string {
  const { checkouts, bare, oversold, quotes, cpu } = figures;
  const loops = table(
    [
      `${checkouts.workers} concurrent clients (closed loop)`,
      'ok/s',
      'p50',
      'p95',
      'p99',
      'max',
      'refused',
      'errors',
    ],
    [
      ['POST /api/v1/orders (whole checkout saga, through the gateway)', checkouts],
      ['POST /api/v1/pricing/quote (3 lines, a promotion, tax, shipping)', quotes],
      ['bare Fastify + pg, primary-key read', bare],
    ].map(([label, run]) => {
      const r = run as ClosedLoopRun;
      return [
        label as string,
        n(r.okPerSecond),
        ms(r.p50Ms),
        ms(r.p95Ms),
        ms(r.p99Ms),
        ms(r.maxMs),
        refusals(r),
        r.errors,
      ];
    }),
  );
  const sold = oversold.outcomes['201'] ?? 0;
  const outOfStock = oversold.outcomes['409 OUT_OF_STOCK'] ?? 0;
  const others = Object.entries(oversold.outcomes).filter(
    ([key]) => key !== '201' && key !== '409 OUT_OF_STOCK',
  );
  const violation = sold !== oversold.units || oversold.stockLeft !== 0;
  const contention = table(
    [
      'attempts at once',
      'units',
      'sold (201)',
      'out of stock (409)',
      'other final answers',
      'first answers not final (asked again with the same key)',
      'stock left',
      'took',
      'violation',
    ],
    [
      [
        n(oversold.attempts, 0),
        n(oversold.units, 0),
        n(sold, 0),
        n(outOfStock, 0),
        others.map(([key, count]) => `${count} × ${key}`).join(', ') || '0',
        notFinal(oversold.firstAnswers),
        n(oversold.stockLeft, 0),
        `${n(oversold.seconds, 1)} s`,
        violation ? '**yes**' : 'none',
      ],
    ],
  );
  const verdicts = table(
    ['target', 'measured', 'verdict'],
    [
      [
        'checkout throughput >= 300 orders/s (50 customers)',
        `${n(checkouts.okPerSecond)} orders/s`,
        verdict(checkouts.okPerSecond >= 300),
      ],
      ['checkout p95 < 150 ms', ms(checkouts.p95Ms), verdict(checkouts.p95Ms < 150)],
      [
        'checkout without errors or refusals',
        `${checkouts.errors + checkouts.requests - checkouts.ok}`,
        verdict(checkouts.ok === checkouts.requests),
      ],
      [
        `oversell: exactly ${oversold.units} sold, stock 0, never below`,
        `${sold} sold, ${oversold.stockLeft} left`,
        verdict(!violation),
      ],
    ],
  );
  const cpuTotal = Object.values(cpu).reduce((sum, value) => sum + value, 0);
  const byCost = Object.entries(cpu).sort(([, a], [, b]) => b - a);
  const cpuTable = table(
    ['CPU per paid checkout', ...byCost.map(([name]) => name), 'all'],
    [['ms', ...byCost.map(([, value]) => n(value, 2)), n(cpuTotal, 1)]],
  );
  const { cores } = figures;
  const ceiling = cpuTotal > 0 ? (cores * 1000) / cpuTotal : Number.POSITIVE_INFINITY;
  const cpuText =
    `Every paid checkout cost ${ms(cpuTotal)} of CPU across these processes (the load generator aside). ` +
    `With ${cores} cores, that caps throughput at ${n(ceiling)} checkouts/s however the work is scheduled, ` +
    `${ceiling < 300 ? `below the 300/s target: reaching it needs ${ms((cores * 1000) / 300)} of CPU per checkout or less` : 'above the 300/s target'}.`;
  return [
    '**Closed loops** (each client sends its next request when the last is answered; exact percentiles of 2xx answers):',
    '',
    loops,
    '',
    `**Overselling under contention** (${n(oversold.attempts, 0)} checkouts sent at once for ${n(oversold.units, 0)} units of one product):`,
    '',
    contention,
    '',
    '**Where the CPU of a checkout goes** (CPU time read from /proc over the throughput loop, divided by the checkouts paid):',
    '',
    cpuTable,
    '',
    cpuText,
    '',
    verdicts,
  ].join('\n');
}
