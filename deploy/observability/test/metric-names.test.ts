/**
 * Every metric a dashboard panel, a dashboard variable or a rule reads exists: declared by the code,
 * a prom-client default every service exposes, made by Prometheus, or recorded by a rule. A renamed
 * metric fails here instead of leaving a panel empty and an alert silent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { metricNames, variableMetricNames } from '../promql-names.js';
import { declaredSeries, defaultSeries, loadDashboards, loadRules, prometheusSeries } from './support.js';

describe('reading metric names out of PromQL', () => {
  it('keeps metrics and leaves out functions, keywords, labels, ranges, numbers and variables', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket{service="$service",route!~"/a|/b"}[$__rate_interval])))',
      ),
    ).toEqual(['http_request_duration_seconds_bucket']);
    expect(
      metricNames(
        '(sum(rate(a_total{x="1e3"}[5m])) or vector(0)) / sum(rate(b_total[5m])) > 1.44e-2 and on (service) c >= 0.05 unless d offset 5m',
      ).sort(),
    ).toEqual(['a_total', 'b_total', 'c', 'd']);
    expect(metricNames('sum(x) without (instance) / ignoring (le) group_left (job) y')).toEqual(['x', 'y']);
    expect(metricNames('slo:sli_error:ratio_rate5m{slo="availability"} / 0.001')).toEqual([
      'slo:sli_error:ratio_rate5m',
    ]);
  });

  it('reads the metric of a label_values variable', () => {
    expect(variableMetricNames('label_values(http_requests_total, service)')).toEqual([
      'http_requests_total',
    ]);
    expect(variableMetricNames('label_values(up{job="bodega"}, service)')).toEqual(['up']);
  });
});

describe('the metrics dashboards and rules read', () => {
  let known: Set<string>;
  beforeAll(async () => {
    const recorded = loadRules().flatMap((rule) => (rule.record === undefined ? [] : [rule.record]));
    known = new Set([
      ...declaredSeries().keys(),
      ...(await defaultSeries()),
      ...prometheusSeries,
      ...recorded,
    ]);
  });

  it('finds the declarations of the code (sanity check of the scan)', () => {
    const declared = declaredSeries();
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'db_pool_clients_waiting',
      'events_outbox_oldest_age_seconds',
      'events_consumer_lag_seconds_bucket',
      'orders_revenue_minor_units_total',
      'payments_outcomes_total',
      'catalog_reviews_posted_total',
    ])
      expect(declared.has(name), name).toBe(true);
  });

  it('exist for every rule expression', () => {
    const missing = loadRules().flatMap((rule) =>
      metricNames(rule.expr)
        .filter((name) => !known.has(name))
        .map((name) => `${rule.file} ${rule.alert ?? rule.record ?? ''}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('exist for every dashboard panel and variable', () => {
    const dashboards = loadDashboards();
    expect(dashboards.map(({ file }) => file).sort()).toEqual([
      'bodega-business.json',
      'bodega-events.json',
      'bodega-overview.json',
      'bodega-service.json',
    ]);
    const missing = dashboards.flatMap(({ file, dashboard }) => [
      ...dashboard.panels.flatMap((panel) =>
        (panel.targets ?? []).flatMap((target) =>
          metricNames(target.expr)
            .filter((name) => !known.has(name))
            .map((name) => `${file} "${panel.title}": ${name}`),
        ),
      ),
      ...dashboard.templating.list.flatMap((variable) =>
        variableMetricNames(typeof variable.query === 'string' ? variable.query : variable.query.query)
          .filter((name) => !known.has(name))
          .map((name) => `${file} $${variable.name}: ${name}`),
      ),
    ]);
    expect(missing).toEqual([]);
  });

  it('fill every panel with at least one query', () => {
    for (const { file, dashboard } of loadDashboards()) {
      for (const panel of dashboard.panels.filter((candidate) => candidate.type !== 'row'))
        expect(panel.targets?.length, `${file} "${panel.title}"`).toBeGreaterThan(0);
    }
  });
});
