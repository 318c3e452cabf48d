import { latency, non2xxCell, formatNumber as n, table, verdict } from '../lib/markdown.js';
import type { MeasuredRun } from '../lib/measure.js';
import { ratio } from '../lib/stats.js';

const ms = (value: number) => `${n(value, 2)} ms`;
const cpu = (run: MeasuredRun, process: string) => {
  const value = run.cpuMsPerRequest[process] ?? Number.NaN;
  return value >= 0.005 ? ms(value) : '-';
};

/** The two runs side by side, the loss against the 10% target, and where the CPU went. */
export function describeObservabilityCost(off: MeasuredRun, on: MeasuredRun): string {
  const side = table(
    [
      `${on.connections} connections`,
      'req/s',
      'mean',
      'p50',
      'p99',
      'errors',
      'non-2xx',
      'CPU/req gateway',
      'CPU/req catalog',
    ],
    [off, on].map((run) => [
      run.label,
      n(run.rps),
      ms(run.meanMs),
      latency(run.p50Ms, 0),
      latency(run.p99Ms, 0),
      run.errors,
      non2xxCell(run.non2xx, run.statusCodes),
      cpu(run, 'gateway'),
      cpu(run, 'catalog'),
    ]),
  );
  const loss = 1 - ratio(on.rps, off.rps);
  const verdicts = table(
    ['target', 'measured', 'verdict'],
    [
      ['throughput loss with tracing and metrics on < 10%', `${n(100 * loss, 1)}%`, verdict(loss < 0.1)],
      [
        'both runs without errors or non-2xx',
        String(off.errors + off.non2xx + on.errors + on.non2xx),
        verdict(off.errors + off.non2xx + on.errors + on.non2xx === 0),
      ],
    ],
  );
  const extra = (process: string) =>
    ms((on.cpuMsPerRequest[process] ?? 0) - (off.cpuMsPerRequest[process] ?? 0));
  const analysis = [
    `With tracing and metrics on, the gateway served ${n(on.rps)} req/s of GET /api/v1/products/{id} against ${n(off.rps)} with both off:`,
    `${n(100 * loss, 1)}% ${loss >= 0 ? 'fewer' : 'more'}, p99 ${latency(on.p99Ms, 0)} against ${latency(off.p99Ms, 0)}.`,
    `Each traced request makes four spans (the gateway's server and client spans, catalog's server span and its Redis GET; a cache miss adds a query span)`,
    `and counts HTTP metrics twice; that costs ${extra('gateway')} of CPU per request in the gateway and ${extra('catalog')} in catalog.`,
    `Every request was recorded (TRACING_SAMPLE_RATIO=1, spans kept in memory, no OTLP export); a lower ratio makes unsampled requests cost a context lookup only.`,
  ].join(' ');
  return [side, '', verdicts, '', analysis].join('\n');
}
