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

/** Runs are, in order: bare static, bare pg, identity direct, gateway proxying, gateway as deployed. */
export function describeMe(loaded: MeasuredRun[], unloaded: MeasuredRun[]): string {
  const [, barePg, identity, proxied, gateway] = loaded;
  const [staticOne, pgOne, identityOne, proxiedOne, gatewayOne] = unloaded;
  if (!barePg || !identity || !proxied || !gateway) throw new Error('expected five loaded runs');
  if (!staticOne || !pgOne || !identityOne || !proxiedOne || !gatewayOne) {
    throw new Error('expected five unloaded runs');
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

  const steps = [staticOne, pgOne, identityOne, proxiedOne];
  const stepNames = [
    'HTTP floor (Node + Fastify, static JSON)',
    '+ one PostgreSQL primary-key read',
    '+ identity (token check, user load, logging)',
    '+ the gateway hop',
  ];
  const where = table(
    ['one request at a time (1 connection)', 'req/s', 'mean', 'p50', 'p99', 'added to the p50'],
    [
      ...steps.map((run, index) => [
        `${stepNames[index]!}: ${run.label}`,
        n(run.rps),
        ms(run.meanMs),
        ms(run.p50Ms),
        ms(run.p99Ms),
        index === 0 ? '-' : ms(run.p50Ms - steps[index - 1]!.p50Ms),
      ]),
      [
        `answered by the gateway: ${gatewayOne.label}`,
        n(gatewayOne.rps),
        ms(gatewayOne.meanMs),
        ms(gatewayOne.p50Ms),
        ms(gatewayOne.p99Ms),
        '-',
      ],
    ],
  );

  const hop = proxiedOne.p50Ms - identityOne.p50Ms;
  const proxiedCpu = totalCpu(proxied);
  const barePgCpu = totalCpu(barePg);
  const analysis = [
    `As deployed, the gateway served ${n(gateway.rps)} req/s of GET /me at ${connections} connections, ${n(100 * share, 0)}% of the bare pg route's ${n(barePg.rps)} req/s, with p99 ${latency(gateway.p99Ms, 0)}:`,
    `after the first request of an access token it answers from its edge cache, keyed by that verified token and purged by identity at every change of the user (ADR 0014),`,
    `at ${cpu(gateway, 'gateway')} of gateway CPU per request.`,
    `With the edge cache off every request is proxied: ${n(proxied.rps)} req/s (${n(100 * ratio(proxied.rps, barePg.rps), 0)}% of the bare route, ${n(100 * ratio(proxied.rps, identity.rps), 0)}% of identity's own ${n(identity.rps)} req/s), p99 ${latency(proxied.p99Ms, 0)},`,
    `at ${cpu(proxied, 'gateway')} in the gateway plus ${cpu(proxied, 'identity')} in identity (identity alone: ${cpu(identity, 'identity')}), against ${cpu(barePg, 'baseline')} for the bare pg route.`,
    `Counting the processes the bench watches (autocannon included; PostgreSQL and Redis not), a proxied /me costs ${ms(proxiedCpu)} of CPU and a bare pg read ${ms(barePgCpu)}:`,
    `where the cores are the bottleneck that caps the proxied path near ${n((100 * barePgCpu) / proxiedCpu, 0)}% of the bare route, however busy the machine is otherwise.`,
    `One request at a time (timed to the microsecond) shows where the milliseconds go, at the median: ${ms(staticOne.p50Ms)} is the HTTP floor, the primary-key read adds ${ms(pgOne.p50Ms - staticOne.p50Ms)},`,
    `identity's /me adds ${ms(identityOne.p50Ms - pgOne.p50Ms)} over the bare read (token verification against the in-memory revocation mirror, Drizzle, request logging, metrics and tracing),`,
    `the proxied gateway hop adds ${ms(hop)} (security headers, CORS, the rate-limit counter, its own token verification, the proxied request, its logging and spans),`,
    `and the gateway answering from its store takes ${ms(gatewayOne.p50Ms)} in all.`,
  ].join(' ');

  return [throughput, '', verdicts, '', where, '', analysis].join('\n');
}
