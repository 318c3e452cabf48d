import { formatNumber as n, table, verdict } from '../lib/markdown.js';
import { median } from '../lib/stats.js';

/** One measured start of the embedded platform. */
export interface StartRun {
  label: string;
  /** Spawn to /api/v1/status all up, seen from outside. */
  readyMs: number;
  /** CPU time (user + system) the process and its children used until ready. */
  cpuMs: number;
  /** What the CLI itself logs (`ready_seconds`): after Node and every module are loaded. */
  internalReadyMs: number;
  /** VmHWM after the settle period: the peak of the whole start. */
  peakMib: number;
  rssAtReadyMib: number;
  /** VmRSS after the settle period. */
  steadyMib: number;
  /** Command names of child processes alive after the settle period. */
  children: string[];
  childrenRssMib: number;
  exit: string;
}

const targets = { firstMs: 10_000, laterMs: 3_000, rssMib: 512 };

const seconds = (ms: number) => `${n(ms / 1000, 2)} s`;
const mib = (value: number) => `${n(value, 0)} MiB`;

/** The section body of the embedded-start scenario: runs, targets, analysis. */
export function describeStarts(first: StartRun, later: StartRun[]): string {
  const all = [first, ...later];
  const runs = table(
    [
      'run',
      'ready (spawn to status up)',
      'inside the process',
      'boot + module loading',
      'CPU time to ready',
      'RSS at ready',
      'steady RSS',
      'peak RSS (VmHWM)',
      'child processes RSS',
      'stop',
    ],
    all.map((run) => [
      run.label,
      seconds(run.readyMs),
      seconds(run.internalReadyMs),
      seconds(run.readyMs - run.internalReadyMs),
      seconds(run.cpuMs),
      mib(run.rssAtReadyMib),
      mib(run.steadyMib),
      mib(run.peakMib),
      run.children.length > 0 ? `${mib(run.childrenRssMib)} (${run.children.join(', ')})` : '-',
      run.exit,
    ]),
  );

  const laterReady = median(later.map((run) => run.readyMs));
  const laterInternal = median(later.map((run) => run.internalReadyMs));
  const laterCpu = median(later.map((run) => run.cpuMs));
  const laterPeak = Math.max(...later.map((run) => run.peakMib));
  const laterSteady = median(later.map((run) => run.steadyMib));
  const children = [...new Set(all.flatMap((run) => run.children))];
  const childrenRss = Math.max(...all.map((run) => run.childrenRssMib));

  const verdicts = table(
    ['target', 'measured', 'verdict'],
    [
      ['first run ready < 10 s', seconds(first.readyMs), verdict(first.readyMs < targets.firstMs)],
      [
        `later run ready < 3 s (median of ${later.length})`,
        seconds(laterReady),
        verdict(laterReady < targets.laterMs),
      ],
      ['RSS < 512 MiB: steady, later runs (median)', mib(laterSteady), verdict(laterSteady < targets.rssMib)],
      ['RSS < 512 MiB: peak, later runs (worst)', mib(laterPeak), verdict(laterPeak < targets.rssMib)],
      ['RSS < 512 MiB: peak, first run', mib(first.peakMib), verdict(first.peakMib < targets.rssMib)],
      ['RSS < 512 MiB: steady, first run', mib(first.steadyMib), verdict(first.steadyMib < targets.rssMib)],
    ],
  );

  let memory: string;
  if (laterSteady >= targets.rssMib) memory = 'the 512 MiB budget is missed even by the idle platform.';
  else if (first.steadyMib >= targets.rssMib) {
    memory = `a restarted platform fits the 512 MiB budget, but the process that created the data dir keeps ${mib(first.steadyMib)} until it stops.`;
  } else if (Math.max(first.peakMib, laterPeak) >= targets.rssMib) {
    memory = `a running platform fits the 512 MiB budget; the ${first.peakMib >= targets.rssMib ? "first start's" : "later starts'"} peak does not.`;
  } else memory = 'everything stays within the 512 MiB budget.';

  const analysis = [
    `The first start took ${seconds(first.readyMs)}: ${seconds(first.internalReadyMs)} inside the platform`,
    `(creating the PGlite data dir, i.e. initdb of a WebAssembly PostgreSQL, then every service's migrations, the signing key and the admin's argon2 hash)`,
    `and ${seconds(first.readyMs - first.internalReadyMs)} before it: Node's boot and loading the command's bundle (ADR 0015) with the dependencies it imports.`,
    `A later start on the same dir took ${seconds(laterReady)} (median), ${seconds(laterInternal)} of it inside the platform`,
    `(reopening PGlite, checking migrations, listening); the rest is boot and module loading again.`,
    `The process used ${seconds(first.cpuMs)} of CPU to get ready the first time and ${seconds(laterCpu)} later (median):`,
    `CPU time counts every thread and barely depends on other work; when it is well below the wall time, the start was waiting for a core or for the disk.`,
    `Memory is one process: PGlite's WebAssembly PostgreSQL lives in it, so its RSS covers the database too.`,
    `The peak (VmHWM) is ${mib(first.peakMib)} on the first run (initdb) and at most ${mib(laterPeak)} on later runs; an idle restarted platform holds ${mib(laterSteady)}:`,
    memory,
    children.length > 0
      ? `Child processes (${children.join(', ')}) were alive after a start, holding up to ${mib(childrenRss)} more, outside the figures above.`
      : 'No child process was alive after the start.',
    'Timings on a 2-core machine move with whatever else runs on it: see how busy it was on the run line above.',
  ].join(' ');

  return [runs, '', verdicts, '', analysis].join('\n');
}
