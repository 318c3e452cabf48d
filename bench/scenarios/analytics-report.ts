import type { ClosedLoopRun } from '../lib/closed-loop.js';
import { formatNumber as n, table, verdict } from '../lib/markdown.js';

export interface AnalyticsFigures {
  seeded: { events: number; sessions: number; orders: number; seconds: number; days: number };
  byDay: ClosedLoopRun;
  byHour: ClosedLoopRun;
  viaGraphql: ClosedLoopRun;
  beacons: ClosedLoopRun;
  eventsPerBeacon: number;
}

const ms = (value: number) => `${n(value, 1)} ms`;
const refusals = (run: ClosedLoopRun) =>
  Object.entries(run.refusals)
    .map(([key, count]) => `${count} × ${key}`)
    .join(', ') || '0';

/** The report section of the analytics scenario: the seed, the report loops, beacons, then verdicts. */
export function describeAnalytics(figures: AnalyticsFigures): string {
  const { seeded, byDay, byHour, viaGraphql, beacons, eventsPerBeacon } = figures;
  const row = (label: string, run: ClosedLoopRun) => [
    label,
    n(run.okPerSecond),
    ms(run.p50Ms),
    ms(run.p95Ms),
    ms(run.p99Ms),
    ms(run.maxMs),
    refusals(run),
    run.errors,
  ];
  const reports = table(
    [
      `${byDay.workers} concurrent readers (closed loop)`,
      'ok/s',
      'p50',
      'p95',
      'p99',
      'max',
      'refused',
      'errors',
    ],
    [
      row(`GET /api/v1/analytics/sales, ${seeded.days} days by day (Europe/Paris)`, byDay),
      row(`GET /api/v1/analytics/sales, ${seeded.days} days by hour`, byHour),
      row('POST /graphql { analytics { sales(interval: DAY) } }', viaGraphql),
    ],
  );
  const ingestion = table(
    [
      `${beacons.workers} browsers (closed loop)`,
      'batches/s',
      'events/s',
      'p50',
      'p95',
      'p99',
      'refused',
      'errors',
    ],
    [
      [
        `POST /api/v1/events, ${eventsPerBeacon} events a batch`,
        n(beacons.okPerSecond),
        n(beacons.okPerSecond * eventsPerBeacon),
        ms(beacons.p50Ms),
        ms(beacons.p95Ms),
        ms(beacons.p99Ms),
        refusals(beacons),
        beacons.errors,
      ],
    ],
  );
  const verdicts = table(
    ['target', 'measured', 'verdict'],
    [
      [
        `sales query over ${n(seeded.events, 0)} tracked events: p95 < 100 ms`,
        ms(byDay.p95Ms),
        verdict(byDay.p95Ms < 100),
      ],
    ],
  );
  return [
    `**History**: ${n(seeded.events, 0)} tracked events in ${n(seeded.sessions, 0)} sessions over ${seeded.days} days, ` +
      `${n(seeded.orders, 0)} orders, and their hourly rollups, generated inside PostgreSQL in ${n(seeded.seconds, 1)} s.`,
    '',
    reports,
    '',
    ingestion,
    '',
    verdicts,
  ].join('\n');
}
