import type { LoadRun } from '../lib/load.js';
import { formatNumber as n, table, verdict } from '../lib/markdown.js';
import { median } from '../lib/stats.js';

/** One analytics API call the dashboard makes, timed one at a time (no other load). */
export interface ApiTiming {
  call: string;
  run: LoadRun;
}

export interface AdminDashboardRun {
  products: number;
  orders: number;
  /** `bodega seed --orders` to exit, then until analytics had consumed every order's event. */
  seedSeconds: number;
  consumedSeconds: number;
  /** Navigation to every chart rendered: a fresh profile (the admin's code and charts not cached). */
  firstMs: number[];
  /** The same, reloaded in the same profile (assets cached, answers asked again). */
  repeatMs: number[];
  api: ApiTiming[];
  chromium: string;
}

/** Our target (issue 6 names none): the charts in front of a manager within 2 s on a year of data. */
export const dashboardTargets = { chartsP50Ms: 2_000 };

const ms = (value: number) => `${n(value, value < 10 ? 2 : 0)} ms`;

/** The section body of the admin-dashboard scenario: time to the charts, and each report call's latency. */
export function describeAdminDashboard(run: AdminDashboardRun): string {
  const loads = table(
    ['dashboard load (last 12 months, weekly)', 'runs', 'median', 'fastest', 'slowest'],
    [
      ['first visit (fresh profile, signed in)', run.firstMs] as const,
      ['reload (assets cached)', run.repeatMs] as const,
    ].map(([label, values]) => [
      label,
      values.length,
      ms(median(values)),
      ms(Math.min(...values)),
      ms(Math.max(...values)),
    ]),
  );
  const api = table(
    ['report call (one at a time)', 'requests', 'req/s', 'p50', 'p99', 'errors'],
    run.api.map(({ call, run: each }) => [
      `\`${call}\``,
      n(each.requests, 0),
      n(each.rps, 1),
      ms(each.p50Ms),
      ms(each.p99Ms),
      each.errors + each.non2xx,
    ]),
  );
  const firstMedian = median(run.firstMs);
  return [
    `A year of sales: ${n(run.products, 0)} products and ${n(run.orders, 0)} orders imported with \`bodega seed\` ` +
      `(${n(run.seedSeconds, 1)} s), consumed by analytics from their \`orders.order.placed\` events ` +
      `${n(run.consumedSeconds, 1)} s after the import began. Distributed mode (each service its own process, ` +
      `PostgreSQL, Redis, RabbitMQ); ${run.chromium}, headless, 1280x900.`,
    '',
    'Time from navigation to `/admin/analytics?range=365d` until every chart card has its answer and the sales ' +
      'and top-products charts are drawn (read in the page: `performance.now()`). The page asks for ' +
      'sales and customers by week, the funnel and the top ten products, then the ten names from catalog.',
    '',
    loads,
    '',
    api,
    '',
    `${verdict(firstMedian <= dashboardTargets.chartsP50Ms)} first-visit median ${ms(firstMedian)} ` +
      `(target: charts within ${n(dashboardTargets.chartsP50Ms / 1000, 0)} s).`,
  ].join('\n');
}
