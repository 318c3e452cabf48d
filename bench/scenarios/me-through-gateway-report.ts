import { latency, non2xxCell, formatNumber as n, table, verdict } from '../lib/markdown.js';
import type { MeasuredRun } from '../lib/measure.js';
import { ratio } from '../lib/stats.js';

/** One URL the scenario loads. */
export interface Target {
  name: string;
  url: string;
  headers?: Record<string, string>;
}

const ms = (value: number) => `${n(value, 2)} ms`;
const cpu = (run: MeasuredRun, process: string) => {
  const value = run.cpuMsPerRequest[process] ?? Number.NaN;
  return value >= 0.005 ? ms(value) : '-';
};

/** CPU per request summed over every watched process, the load generator included. */
function totalCpu(run: MeasuredRun): number {
  return Object.values(run.cpuMsPerRequest).reduce((sum, value) => sum + value, 0);
}

/** Runs are, in order: bare static, bare pg, identity direct, gateway (see the scenario). */
export function describeMe(loaded: MeasuredRun[], unloaded: MeasuredRun[]): string {
  const [, barePg, identity, gateway] = loaded;
  const [staticOne, pgOne, identityOne, gatewayOne] = unloaded;
  if (!barePg || !identity || !gateway || !staticOne || !pgOne || !identityOne || !gatewayOne) {
    throw new Error('expected four loaded and four unloaded runs');
  }
  const connections = gateway.connections;

  const throughput = table(
    [
      `${connections} connections`,
      'req/s',
      'mean',
      'p50',
      'p99',
      'errors',
      'non-2xx',
      'CPU/req gateway',
      'CPU/req identity',
      'CPU/req bare',
      'CPU/req autocannon',
    ],
    loaded.map((run) => [
      run.label,
      n(run.rps),
      ms(run.meanMs),
      latency(run.p50Ms, 0),
      latency(run.p99Ms, 0),
      run.errors,
      non2xxCell(run.non2xx, run.statusCodes),
      cpu(run, 'gateway'),
      cpu(run, 'identity'),
      cpu(run, 'baseline'),
      cpu(run, 'load generator'),
    ]),
  );

  const share = ratio(gateway.rps, barePg.rps);
  const verdicts = table(
    ['target', 'measured', 'verdict'],
    [
      ['gateway /me >= 40% of the bare pg route (req/s)', `${n(100 * share, 0)}%`, verdict(share >= 0.4)],
      [
        `gateway /me p99 < 25 ms (${connections} connections)`,
        latency(gateway.p99Ms, 0),
        verdict(gateway.p99Ms < 25),
      ],
      [
        'gateway /me without errors or non-2xx',
        String(gateway.errors + gateway.non2xx),
        verdict(gateway.errors + gateway.non2xx === 0),
      ],
    ],
  );

  const steps = [staticOne, pgOne, identityOne, gatewayOne];
  const stepNames = [
    'HTTP floor (Node + Fastify, static JSON)',
    '+ one PostgreSQL primary-key read',
    '+ identity (auth, revocation check, user load, logging)',
    '+ the gateway hop',
  ];
  const where = table(
    ['one request at a time (1 connection)', 'req/s', 'mean', 'p50', 'p99', 'added to the p50'],
    steps.map((run, index) => [
      `${stepNames[index]!}: ${run.label}`,
      n(run.rps),
      ms(run.meanMs),
      ms(run.p50Ms),
      ms(run.p99Ms),
      index === 0 ? '-' : ms(run.p50Ms - steps[index - 1]!.p50Ms),
    ]),
  );

  const hop = gatewayOne.p50Ms - identityOne.p50Ms;
  const gatewayCpu = totalCpu(gateway);
  const barePgCpu = totalCpu(barePg);
  const cpuShare = barePgCpu / gatewayCpu;
  const analysis = [
    `At ${connections} connections the gateway served ${n(gateway.rps)} req/s of GET /me, ${n(100 * share, 0)}% of the bare pg route's ${n(barePg.rps)} req/s`,
    `and ${n(100 * ratio(gateway.rps, identity.rps), 0)}% of identity's own ${n(identity.rps)} req/s, with p99 ${latency(gateway.p99Ms, 0)}.`,
    `Under load, latency is mostly queueing (Little's law: ${connections} connections / ${n(gateway.rps)} req/s = ${ms((1000 * connections) / gateway.rps)} mean),`,
    `so the CPU each request costs says more: through the gateway ${cpu(gateway, 'gateway')} in the gateway plus ${cpu(gateway, 'identity')} in identity,`,
    `against ${cpu(barePg, 'baseline')} for the bare pg route (identity alone: ${cpu(identity, 'identity')}).`,
    `Counting the processes the bench watches (autocannon included; PostgreSQL and Redis not), a /me through the gateway costs ${ms(gatewayCpu)} of CPU`,
    `and a bare pg read ${ms(barePgCpu)}: where the cores are the bottleneck, that puts the ratio near ${n(100 * cpuShare, 0)}% however busy the machine is otherwise`,
    `(PostgreSQL's and Redis's own CPU aside)${cpuShare < 0.4 ? ', so the 40% target needs less CPU per request, not a quieter machine' : ''}.`,
    `One request at a time (timed to the microsecond) shows where the milliseconds go, at the median: ${ms(staticOne.p50Ms)} is the HTTP floor, the primary-key read adds ${ms(pgOne.p50Ms - staticOne.p50Ms)},`,
    `identity's /me adds ${ms(identityOne.p50Ms - pgOne.p50Ms)} over the bare read (token verification with one Redis MGET for revocation, Drizzle, request logging, metrics and tracing),`,
    `and the gateway hop adds ${ms(hop)} (security headers, CORS, the rate-limit counter in Redis, its own token verification with the same revocation MGET, the proxied request and its logging).`,
  ].join(' ');

  return [throughput, '', verdicts, '', where, '', analysis].join('\n');
}
