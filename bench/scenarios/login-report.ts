import os from 'node:os';
import type { VerifyRate } from '../lib/argon2.js';
import { latency, non2xxCell, formatNumber as n, table } from '../lib/markdown.js';
import type { MeasuredRun } from '../lib/measure.js';

const ms = (value: number) => `${n(value)} ms`;

/** The section body of the login scenario: bare argon2, login runs, analysis. */
export function describeLogin(argon2: string, verify: VerifyRate[], runs: MeasuredRun[]): string {
  const single = verify[0];
  const parallel = verify[verify.length - 1];
  if (!single || !parallel || runs.length === 0) throw new Error('expected argon2 rates and login runs');

  const bare = table(
    ['bare argon2.verify (in the runner)', 'verifications/s', 'wall time per verify', 'CPU per verify'],
    verify.map((rate) => [`${rate.inFlight} in flight`, n(rate.perSecond), ms(rate.meanMs), ms(rate.cpuMs)]),
  );
  const logins = table(
    [
      'load',
      'req/s',
      'p50',
      'p99',
      'errors',
      'non-2xx',
      'identity CPU/login',
      'of it argon2',
      'vs bare verify/s',
    ],
    runs.map((run) => {
      const cpu = run.cpuMsPerRequest.identity ?? Number.NaN;
      return [
        run.label,
        n(run.rps),
        latency(run.p50Ms, 0),
        latency(run.p99Ms, 0),
        run.errors,
        non2xxCell(run.non2xx, run.statusCodes),
        ms(cpu),
        `${n((100 * single.cpuMs) / cpu, 0)}%`,
        `${n((100 * run.rps) / parallel.perSecond, 0)}%`,
      ];
    }),
  );

  const cores = os.cpus().length;
  const best = runs.reduce((top, run) => (run.rps > top.rps ? run : top));
  const bestCpu = best.cpuMsPerRequest.identity ?? Number.NaN;
  const analysis = [
    `Passwords are hashed with ${argon2}: the production defaults (the bench passes no ARGON2_* variable; the costs are read from the stored hash).`,
    `One verification costs ${ms(single.cpuMs)} of CPU here, so ${cores} cores cannot verify more than about ${n((cores * 1000) / single.cpuMs)} per second;`,
    `measured bare, with 4 in flight (libuv's default pool of 4 threads), they did ${n(parallel.perSecond)} per second.`,
    `That is the floor argon2 sets: every login pays one verification, so login throughput stays below the bare figure.`,
    `Login peaked at ${n(best.rps)} req/s (${best.connections} connections), ${n((100 * best.rps) / parallel.perSecond, 0)}% of it.`,
    `Identity spent ${ms(bestCpu)} of CPU per login, ${n((100 * single.cpuMs) / bestCpu, 0)}% of it in argon2; the rest is HTTP, the user lookup,`,
    `the refresh-token family insert, JWT signing and logging, while PostgreSQL and autocannon take their share of the same cores.`,
    `Latency grows with connections because logins queue for the pool threads (p50 is about connections / throughput).`,
    `The figure is deliberate: a cheaper hash would raise it and weaken every stored password.`,
  ].join(' ');
  return [bare, '', logins, '', analysis].join('\n');
}
