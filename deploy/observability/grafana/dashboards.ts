/**
 * Bodega's Grafana dashboards, as code: `generate.ts` writes each one to dashboards/<uid>.json, which
 * Grafana provisions (deploy/compose/grafana/provisioning). A test checks every metric an expression
 * names exists in the code, so a renamed metric cannot leave a panel silently empty.
 *
 * - platform overview: every service's rate, errors, latency and SLOs at a glance, firing alerts, runtime;
 * - service (RED): one service, chosen with the `service` variable, by route, with its runtime and pool;
 * - event pipeline: outboxes, consumers, retries, dead letters, queue depths, lag;
 * - business: orders, revenue, checkout failures, payments, reviews, stock holds.
 */
import { probeRoutes } from '../slo/objectives.js';

const datasource = { type: 'prometheus', uid: 'prometheus' } as const;
const real = `route!~"${probeRoutes.join('|')}"`;
const rate = '$__rate_interval';

interface Query {
  expr: string;
  legend?: string;
}

type Unit = 'short' | 'reqps' | 'ops' | 'percentunit' | 's' | 'bytes' | 'none';

interface PanelOptions {
  unit?: Unit;
  description?: string;
  /** Values from which the panel turns orange, then red. */
  thresholds?: [number, number];
  /** Grid width out of 24; 12 by default (two panels a row), 6 for stats. */
  width?: number;
  height?: number;
  stack?: boolean;
}

interface PanelSpec {
  kind: 'timeseries' | 'stat' | 'table' | 'row';
  title: string;
  queries: Query[];
  options: PanelOptions;
}

const timeseries = (title: string, queries: Query[], options: PanelOptions = {}): PanelSpec => ({
  kind: 'timeseries',
  title,
  queries,
  options,
});
const stat = (title: string, queries: Query[], options: PanelOptions = {}): PanelSpec => ({
  kind: 'stat',
  title,
  queries,
  options: { width: 6, height: 4, ...options },
});
const table = (title: string, queries: Query[], options: PanelOptions = {}): PanelSpec => ({
  kind: 'table',
  title,
  queries,
  options,
});
const row = (title: string): PanelSpec => ({ kind: 'row', title, queries: [], options: {} });

function thresholdSteps(thresholds: [number, number] | undefined) {
  const base = { color: 'green', value: null };
  if (!thresholds) return [base];
  return [base, { color: 'orange', value: thresholds[0] }, { color: 'red', value: thresholds[1] }];
}

/** Grafana panels from specs, laid out left to right, top to bottom. */
function layout(specs: PanelSpec[]) {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return specs.map((spec, index) => {
    const width = spec.kind === 'row' ? 24 : (spec.options.width ?? 12);
    const height = spec.kind === 'row' ? 1 : (spec.options.height ?? 8);
    if (x + width > 24 || spec.kind === 'row') {
      y += rowHeight;
      x = 0;
      rowHeight = 0;
    }
    const gridPos = { x, y, w: width, h: height };
    x += width;
    rowHeight = Math.max(rowHeight, height);
    if (spec.kind === 'row') {
      return { id: index + 1, type: 'row', title: spec.title, collapsed: false, gridPos, panels: [] };
    }
    const { unit = 'short', description, thresholds, stack } = spec.options;
    return {
      id: index + 1,
      type: spec.kind,
      title: spec.title,
      ...(description === undefined ? {} : { description }),
      datasource,
      gridPos,
      targets: spec.queries.map((query, queryIndex) => ({
        datasource,
        refId: String.fromCharCode(65 + queryIndex),
        expr: query.expr,
        legendFormat: query.legend ?? '__auto',
        ...(spec.kind === 'table' ? { instant: true, format: 'table' } : { range: true }),
      })),
      fieldConfig: {
        defaults: {
          unit,
          thresholds: { mode: 'absolute', steps: thresholdSteps(thresholds) },
          ...(spec.kind === 'timeseries'
            ? {
                custom: {
                  drawStyle: 'line',
                  lineWidth: 1,
                  fillOpacity: stack ? 30 : 10,
                  showPoints: 'never',
                  stacking: { mode: stack ? 'normal' : 'none' },
                  thresholdsStyle: { mode: thresholds ? 'line' : 'off' },
                },
              }
            : {}),
        },
        overrides: [],
      },
      options:
        spec.kind === 'stat'
          ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value' }
          : spec.kind === 'table'
            ? { showHeader: true }
            : { legend: { displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull', 'max'] } },
    };
  });
}

interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  panels: PanelSpec[];
  /** Template variables: name -> label_values query. */
  variables?: Record<string, string>;
}

function dashboard(spec: DashboardSpec) {
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: ['bodega'],
    timezone: 'utc',
    schemaVersion: 39,
    version: 1,
    editable: false,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    annotations: { list: [] },
    links: [{ title: 'Bodega dashboards', type: 'dashboards', tags: ['bodega'], asDropdown: true }],
    templating: {
      list: Object.entries(spec.variables ?? {}).map(([name, query]) => ({
        name,
        label: name,
        type: 'query',
        datasource,
        query: { query, refId: 'variable' },
        definition: query,
        refresh: 2,
        sort: 1,
        includeAll: false,
        multi: false,
      })),
    },
    panels: layout(spec.panels),
  };
}

const quantile = (q: number, bucket: string, by: string) =>
  `histogram_quantile(${q}, sum by (${by}) (rate(${bucket}[${rate}])))`;

function overview() {
  return dashboard({
    uid: 'bodega-overview',
    title: 'Bodega: platform overview',
    description: 'Every service at a glance: traffic, errors, latency, objectives, alerts and resources.',
    panels: [
      row('Services'),
      stat('Services up', [{ expr: 'sum(up{service!=""})' }], { unit: 'none' }),
      stat('Services down', [{ expr: 'count(up{service!=""} == 0) or vector(0)' }], {
        unit: 'none',
        thresholds: [1, 1],
      }),
      stat('Alerts firing', [{ expr: 'count(ALERTS{alertstate="firing"}) or vector(0)' }], {
        unit: 'none',
        thresholds: [1, 1],
      }),
      stat('Requests per second', [{ expr: `sum(rate(http_requests_total{${real}}[${rate}]))` }], {
        unit: 'reqps',
      }),
      timeseries(
        'Requests per second by service',
        [{ expr: `sum by (service) (rate(http_requests_total{${real}}[${rate}]))`, legend: '{{service}}' }],
        { unit: 'reqps' },
      ),
      timeseries(
        'Error ratio (5xx, 5 min) by service',
        [{ expr: 'slo:sli_error:ratio_rate5m{slo="availability"}', legend: '{{service}}' }],
        {
          unit: 'percentunit',
          thresholds: [0.005, 0.01],
          description: 'Alerts: above 0.5% warning, 1% critical.',
        },
      ),
      timeseries(
        'p95 latency (5 min) by service',
        [{ expr: 'slo:request_duration_seconds:quantile_rate5m{quantile="0.95"}', legend: '{{service}}' }],
        { unit: 's', thresholds: [0.3, 0.5], description: 'Alerts: above 300 ms warning, 500 ms critical.' },
      ),
      timeseries(
        'Availability error budget burn rate (1 h)',
        [{ expr: 'slo:sli_error:ratio_rate1h{slo="availability"} / 0.001', legend: '{{service}}' }],
        {
          unit: 'none',
          thresholds: [6, 14.4],
          description:
            'How many times faster than "exactly the 99.9% budget in 30 days" errors are spent. 14.4 pages.',
        },
      ),
      table('Availability over the last day', [
        { expr: '1 - slo:sli_error:ratio_rate1d{slo="availability"}', legend: '{{service}}' },
      ]),
      table('Firing alerts', [
        {
          expr: 'sum by (alertname, severity, service) (ALERTS{alertstate="firing"})',
          legend: '{{alertname}}',
        },
      ]),
      row('Resources'),
      timeseries(
        'CPU use (of the cgroup quota)',
        [
          {
            expr: `max by (service) (rate(process_cpu_seconds_total[${rate}]) / process_cpu_limit_cores)`,
            legend: '{{service}}',
          },
        ],
        { unit: 'percentunit', thresholds: [0.6, 0.8] },
      ),
      timeseries(
        'Memory use (of the cgroup limit)',
        [
          {
            expr: 'max by (service) (process_resident_memory_bytes / process_memory_limit_bytes)',
            legend: '{{service}}',
          },
        ],
        { unit: 'percentunit', thresholds: [0.6, 0.8] },
      ),
      timeseries(
        'V8 heap use (of its limit)',
        [
          {
            expr: 'max by (service) (nodejs_heap_size_used_bytes / nodejs_heap_size_limit_bytes)',
            legend: '{{service}}',
          },
        ],
        { unit: 'percentunit', thresholds: [0.6, 0.8] },
      ),
      timeseries(
        'Event loop lag (p99)',
        [{ expr: 'max by (service) (nodejs_eventloop_lag_p99_seconds)', legend: '{{service}}' }],
        { unit: 's', thresholds: [0.1, 0.5] },
      ),
      timeseries(
        'Database pool in use',
        [
          {
            expr: 'max by (service) ((db_pool_connections - db_pool_connections_idle) / db_pool_connections_max)',
            legend: '{{service}}',
          },
        ],
        { unit: 'percentunit', thresholds: [0.6, 0.8] },
      ),
      timeseries(
        'Queries waiting for a connection',
        [{ expr: 'max by (service) (db_pool_clients_waiting)', legend: '{{service}}' }],
        { unit: 'none', thresholds: [1, 1] },
      ),
    ],
  });
}

function service() {
  const own = `service="$service"`;
  const requests = `http_requests_total{${own},${real}}`;
  const buckets = `http_request_duration_seconds_bucket{${own},${real}}`;
  return dashboard({
    uid: 'bodega-service',
    title: 'Bodega: service (RED)',
    description:
      'One service: rate, errors and duration by route, its objectives, runtime and database pool.',
    variables: { service: 'label_values(http_requests_total, service)' },
    panels: [
      row('Rate, errors, duration'),
      timeseries(
        'Requests per second by route',
        [{ expr: `sum by (method, route) (rate(${requests}[${rate}]))`, legend: '{{method}} {{route}}' }],
        { unit: 'reqps', stack: true },
      ),
      timeseries(
        'Answers per second by status',
        [{ expr: `sum by (status_code) (rate(${requests}[${rate}]))`, legend: '{{status_code}}' }],
        { unit: 'reqps', stack: true },
      ),
      timeseries(
        '5xx per second by route',
        [
          {
            expr: `sum by (method, route, status_code) (rate(http_requests_total{${own},${real},status_code=~"5.."}[${rate}]))`,
            legend: '{{method}} {{route}} {{status_code}}',
          },
        ],
        { unit: 'reqps' },
      ),
      timeseries(
        'Error ratio (5xx)',
        [
          { expr: `slo:sli_error:ratio_rate5m{${own},slo="availability"}`, legend: '5 min' },
          { expr: `slo:sli_error:ratio_rate1h{${own},slo="availability"}`, legend: '1 h' },
          { expr: `slo:sli_error:ratio_rate1d{${own},slo="availability"}`, legend: '1 day' },
        ],
        { unit: 'percentunit', thresholds: [0.005, 0.01] },
      ),
      timeseries(
        'Latency',
        [
          { expr: quantile(0.5, buckets, 'le'), legend: 'p50' },
          { expr: quantile(0.95, buckets, 'le'), legend: 'p95' },
          { expr: quantile(0.99, buckets, 'le'), legend: 'p99' },
        ],
        { unit: 's', thresholds: [0.3, 0.5] },
      ),
      timeseries(
        'p95 latency by route',
        [{ expr: quantile(0.95, buckets, 'le, method, route'), legend: '{{method}} {{route}}' }],
        { unit: 's', thresholds: [0.3, 0.5] },
      ),
      timeseries(
        'Requests slower than the latency objectives',
        [
          { expr: `slo:sli_error:ratio_rate5m{${own},slo="latency"}`, legend: 'over {{le}} s, 5 min' },
          { expr: `slo:sli_error:ratio_rate1h{${own},slo="latency"}`, legend: 'over {{le}} s, 1 h' },
        ],
        {
          unit: 'percentunit',
          description: 'Objectives: 95% under 500 ms (page), 95% under 300 ms (ticket).',
        },
      ),
      timeseries(
        'Requests in flight',
        [{ expr: `sum(http_requests_in_flight{${own}})`, legend: 'in flight' }],
        {
          unit: 'none',
        },
      ),
      row('Runtime'),
      timeseries(
        'CPU (cores)',
        [
          { expr: `rate(process_cpu_seconds_total{${own}}[${rate}])`, legend: '{{instance}} used' },
          { expr: `process_cpu_limit_cores{${own}}`, legend: '{{instance}} limit' },
        ],
        { unit: 'short' },
      ),
      timeseries(
        'Memory',
        [
          { expr: `process_resident_memory_bytes{${own}}`, legend: '{{instance}} resident' },
          { expr: `process_memory_limit_bytes{${own}}`, legend: '{{instance}} limit' },
        ],
        { unit: 'bytes' },
      ),
      timeseries(
        'V8 heap',
        [
          { expr: `nodejs_heap_size_used_bytes{${own}}`, legend: '{{instance}} used' },
          { expr: `nodejs_heap_size_total_bytes{${own}}`, legend: '{{instance}} allocated' },
          { expr: `nodejs_heap_size_limit_bytes{${own}}`, legend: '{{instance}} limit' },
        ],
        { unit: 'bytes' },
      ),
      timeseries(
        'Event loop lag',
        [
          { expr: `nodejs_eventloop_lag_p50_seconds{${own}}`, legend: '{{instance}} p50' },
          { expr: `nodejs_eventloop_lag_p99_seconds{${own}}`, legend: '{{instance}} p99' },
          { expr: `nodejs_eventloop_lag_max_seconds{${own}}`, legend: '{{instance}} max' },
        ],
        { unit: 's' },
      ),
      timeseries(
        'Garbage collection (share of time)',
        [
          {
            expr: `sum by (kind) (rate(nodejs_gc_duration_seconds_sum{${own}}[${rate}]))`,
            legend: '{{kind}}',
          },
        ],
        { unit: 'percentunit', stack: true },
      ),
      timeseries(
        'Database pool',
        [
          { expr: `sum(db_pool_connections{${own}})`, legend: 'open' },
          { expr: `sum(db_pool_connections_idle{${own}})`, legend: 'idle' },
          { expr: `sum(db_pool_clients_waiting{${own}})`, legend: 'waiting' },
          { expr: `sum(db_pool_connections_max{${own}})`, legend: 'size' },
        ],
        { unit: 'none' },
      ),
    ],
  });
}

function events() {
  return dashboard({
    uid: 'bodega-events',
    title: 'Bodega: event pipeline',
    description: 'Outboxes and their relays, consumers, retries, dead letters, queue depths and lag.',
    panels: [
      row('Outboxes (publishers)'),
      timeseries(
        'Outbox backlog',
        [{ expr: 'max by (service) (events_outbox_backlog)', legend: '{{service}}' }],
        {
          unit: 'none',
        },
      ),
      timeseries(
        'Oldest unsent event',
        [{ expr: 'max by (service) (events_outbox_oldest_age_seconds)', legend: '{{service}}' }],
        { unit: 's', thresholds: [30, 60], description: 'Alert: older than a minute.' },
      ),
      timeseries(
        'Events published per second',
        [
          {
            expr: `sum by (service, type) (rate(events_outbox_published_total[${rate}]))`,
            legend: '{{type}}',
          },
        ],
        { unit: 'ops', stack: true },
      ),
      timeseries(
        'Failed publishes per second',
        [
          {
            expr: `sum by (service) (rate(events_outbox_publish_failures_total[${rate}]))`,
            legend: '{{service}}',
          },
        ],
        { unit: 'ops' },
      ),
      row('Consumers'),
      timeseries(
        'Deliveries per second by outcome',
        [
          {
            expr: `sum by (consumer, outcome) (rate(events_consumer_handle_duration_seconds_count[${rate}]))`,
            legend: '{{consumer}} {{outcome}}',
          },
        ],
        { unit: 'ops' },
      ),
      timeseries(
        'Handler time (p95)',
        [
          {
            expr: quantile(0.95, 'events_consumer_handle_duration_seconds_bucket', 'le, consumer, type'),
            legend: '{{consumer}} {{type}}',
          },
        ],
        { unit: 's' },
      ),
      timeseries(
        'Lag: event happened -> handled (p95)',
        [
          {
            expr: quantile(0.95, 'events_consumer_lag_seconds_bucket', 'le, consumer'),
            legend: '{{consumer}}',
          },
        ],
        { unit: 's', thresholds: [30, 60], description: 'Alert: p95 above a minute for 10 minutes.' },
      ),
      timeseries(
        'Queue depth',
        [
          {
            expr: 'max by (consumer, queue) (events_consumer_queue_messages)',
            legend: '{{consumer}} {{queue}}',
          },
        ],
        { unit: 'none', description: 'Alerts: any dead letter; more than 100 ready for 10 minutes.' },
      ),
      timeseries(
        'Retries per second',
        [
          {
            expr: `sum by (consumer, type) (rate(events_consumer_retries_total[${rate}]))`,
            legend: '{{consumer}} {{type}}',
          },
        ],
        { unit: 'ops' },
      ),
      timeseries(
        'Dead letters (last hour)',
        [
          {
            expr: 'sum by (consumer, reason) (increase(events_consumer_dead_letters_total[1h]))',
            legend: '{{consumer}} {{reason}}',
          },
        ],
        { unit: 'none', thresholds: [1, 1] },
      ),
      timeseries(
        'Product views lost (catalog, best-effort events)',
        [{ expr: `sum(rate(catalog_product_views_dropped_total[${rate}]))`, legend: 'dropped' }],
        { unit: 'ops' },
      ),
      timeseries(
        'Analytics: events taken in',
        [{ expr: `sum by (source) (rate(analytics_events_ingested_total[${rate}]))`, legend: '{{source}}' }],
        { unit: 'ops', stack: true },
      ),
    ],
  });
}

function business() {
  const hits = `sum(rate(catalog_product_cache_hits_total[${rate}]))`;
  const misses = `sum(rate(catalog_product_cache_misses_total[${rate}]))`;
  return dashboard({
    uid: 'bodega-business',
    title: 'Bodega: business',
    description: 'Orders, revenue, checkout failures, payments, reviews and stock holds.',
    panels: [
      row('Orders'),
      stat('Orders placed (24 h)', [{ expr: 'sum(increase(orders_placed_total[24h]))' }], { unit: 'none' }),
      stat(
        'Revenue (24 h, minor units)',
        [
          {
            expr: 'sum by (currency) (increase(orders_revenue_minor_units_total[24h]))',
            legend: '{{currency}}',
          },
        ],
        { unit: 'none', description: 'In minor units of each currency: cents for USD.' },
      ),
      stat(
        'Checkout success (1 h)',
        [
          {
            expr: 'sum(increase(orders_placed_total[1h])) / (sum(increase(orders_placed_total[1h])) + sum(increase(orders_checkout_failures_total[1h])))',
          },
        ],
        { unit: 'percentunit' },
      ),
      stat(
        'Payment declines (1 h)',
        [{ expr: 'sum(increase(payments_outcomes_total{status="declined"}[1h]))' }],
        { unit: 'none' },
      ),
      timeseries(
        'Orders placed per hour',
        [{ expr: 'sum by (currency) (increase(orders_placed_total[1h]))', legend: '{{currency}}' }],
        { unit: 'none' },
      ),
      timeseries(
        'Revenue per hour (minor units)',
        [
          {
            expr: 'sum by (currency) (increase(orders_revenue_minor_units_total[1h]))',
            legend: '{{currency}}',
          },
        ],
        { unit: 'none', description: 'In minor units of each currency: cents for USD.' },
      ),
      timeseries(
        'Checkout failures per hour by reason',
        [{ expr: 'sum by (reason) (increase(orders_checkout_failures_total[1h]))', legend: '{{reason}}' }],
        { unit: 'none', stack: true },
      ),
      row('Payments'),
      timeseries(
        'Payment outcomes per hour',
        [{ expr: 'sum by (status) (increase(payments_outcomes_total[1h]))', legend: '{{status}}' }],
        { unit: 'none', stack: true },
      ),
      timeseries(
        'Payment declines per hour by reason',
        [
          {
            expr: 'sum by (reason) (increase(payments_outcomes_total{status="declined"}[1h]))',
            legend: '{{reason}}',
          },
        ],
        { unit: 'none', stack: true },
      ),
      row('Catalog'),
      timeseries(
        'Reviews posted per hour by rating',
        [
          {
            expr: 'sum by (rating) (increase(catalog_reviews_posted_total[1h]))',
            legend: '{{rating}} stars',
          },
        ],
        { unit: 'none', stack: true },
      ),
      timeseries(
        'Stock holds per hour by outcome',
        [{ expr: 'sum by (outcome) (increase(catalog_reservations_total[1h]))', legend: '{{outcome}}' }],
        { unit: 'none' },
      ),
      timeseries(
        'Product cache hit ratio',
        [{ expr: `${hits} / (${hits} + ${misses})`, legend: 'hit ratio' }],
        { unit: 'percentunit' },
      ),
      timeseries(
        'Beacon batches refused per hour by reason',
        [
          {
            expr: 'sum by (reason) (increase(analytics_beacon_batches_rejected_total[1h]))',
            legend: '{{reason}}',
          },
        ],
        { unit: 'none' },
      ),
    ],
  });
}

/** Every dashboard, as Grafana JSON models. */
export function dashboards() {
  return [overview(), service(), events(), business()];
}
