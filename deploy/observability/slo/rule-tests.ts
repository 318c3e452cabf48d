/**
 * promtool unit tests for the SLO alerts, generated with the rules so every service's rules are
 * tested, each alert both firing and staying quiet. Each scenario is a few minutes of traffic of one
 * shape (healthy, a fast burn, a slow leak...) for one service, and says which alerts fire when.
 *
 * Series are written as prom-client exposes them through the kit (http_requests_total and the
 * http_request_duration_seconds histogram, labelled by service, method, route and status code), plus
 * a failing readiness probe in every scenario, which no objective may count.
 */
import type { AlertingRule, RuleGroup } from './rules.js';
import type { ServiceObjectives } from './objectives.js';

interface Traffic {
  /** Requests a minute on a real route. */
  perMinute: number;
  /** Share answered 500. */
  errorShare: number;
  /** Where durations fall: share of requests at most `le` seconds, for the bounds below. */
  fasterThan: Record<BucketBound, number>;
}

const bounds = ['0.1', '0.25', '0.3', '0.5', '1'] as const;
type BucketBound = (typeof bounds)[number];

const fast: Traffic['fasterThan'] = { '0.1': 1, '0.25': 1, '0.3': 1, '0.5': 1, '1': 1 };
const allSlow: Traffic['fasterThan'] = { '0.1': 0, '0.25': 0, '0.3': 0, '0.5': 0, '1': 1 };
// A fifth of the requests take between 300 and 500 ms: p95 is about 450 ms.
const somewhatSlow: Traffic['fasterThan'] = { '0.1': 0.8, '0.25': 0.8, '0.3': 0.8, '0.5': 1, '1': 1 };

type Severity = 'critical' | 'warning';

interface Expectation {
  at: string;
  alert: string;
  firing: Severity[];
}

interface Scenario {
  name: string;
  traffic: Traffic;
  expect: Expectation[];
}

const minutes = 60;

/** The scenarios every service's rules are tested with, and what each must (and must not) raise. */
const scenarios: Scenario[] = [
  {
    name: 'healthy traffic, with a failing readiness probe that no objective counts',
    traffic: { perMinute: 600, errorShare: 0, fasterThan: fast },
    expect: [
      { at: '50m', alert: 'AvailabilityBudgetBurn', firing: [] },
      { at: '50m', alert: 'LatencyBudgetBurn', firing: [] },
      { at: '50m', alert: 'ServiceErrorRateHigh', firing: [] },
      { at: '50m', alert: 'ServiceLatencyHigh', firing: [] },
    ],
  },
  {
    name: '5% of requests fail: a page within minutes, the ticket later',
    traffic: { perMinute: 600, errorShare: 0.05, fasterThan: fast },
    expect: [
      { at: '10m', alert: 'AvailabilityBudgetBurn', firing: ['critical'] },
      { at: '10m', alert: 'ServiceErrorRateHigh', firing: ['critical', 'warning'] },
      { at: '30m', alert: 'AvailabilityBudgetBurn', firing: ['critical', 'warning'] },
    ],
  },
  {
    name: '0.7% of requests fail: the 6h/30m page window and the error-rate warning',
    traffic: { perMinute: 600, errorShare: 0.007, fasterThan: fast },
    expect: [
      { at: '15m', alert: 'AvailabilityBudgetBurn', firing: ['critical'] },
      { at: '15m', alert: 'ServiceErrorRateHigh', firing: ['warning'] },
    ],
  },
  {
    name: '0.2% of requests fail: a slow leak, ticketed and never paged',
    traffic: { perMinute: 600, errorShare: 0.002, fasterThan: fast },
    expect: [
      { at: '10m', alert: 'AvailabilityBudgetBurn', firing: [] },
      { at: '30m', alert: 'AvailabilityBudgetBurn', firing: ['warning'] },
      { at: '30m', alert: 'ServiceErrorRateHigh', firing: [] },
    ],
  },
  {
    name: 'one request a minute, every one failing and slow: too little traffic for threshold alerts',
    traffic: { perMinute: 1, errorShare: 1, fasterThan: allSlow },
    expect: [
      { at: '30m', alert: 'ServiceErrorRateHigh', firing: [] },
      { at: '30m', alert: 'ServiceLatencyHigh', firing: [] },
    ],
  },
  {
    name: 'every request takes over 500 ms: a latency page, both p95 alerts, the ticket later',
    traffic: { perMinute: 600, errorShare: 0, fasterThan: allSlow },
    expect: [
      { at: '10m', alert: 'LatencyBudgetBurn', firing: ['critical'] },
      { at: '10m', alert: 'ServiceLatencyHigh', firing: ['critical', 'warning'] },
      { at: '30m', alert: 'LatencyBudgetBurn', firing: ['critical', 'warning'] },
    ],
  },
  {
    name: 'a fifth of requests take 300 to 500 ms: warnings only',
    traffic: { perMinute: 600, errorShare: 0, fasterThan: somewhatSlow },
    expect: [
      { at: '30m', alert: 'LatencyBudgetBurn', firing: ['warning'] },
      { at: '30m', alert: 'ServiceLatencyHigh', firing: ['warning'] },
    ],
  },
];

function num(value: number): string {
  return String(Number(value.toPrecision(10)));
}

/** `0+stepxN`: a counter growing by `step` every minute for the whole scenario. */
function counter(step: number): string {
  return `0+${num(step)}x${minutes}`;
}

function inputSeries(service: string, traffic: Traffic) {
  const route = (path: string, status: string) =>
    `service="${service}",method="GET",route="${path}",status_code="${status}"`;
  const ok = traffic.perMinute * (1 - traffic.errorShare);
  const failed = traffic.perMinute * traffic.errorShare;
  const series = [
    { series: `http_requests_total{${route('/api/v1/products', '200')}}`, values: counter(ok) },
    { series: `http_requests_total{${route('/api/v1/products', '500')}}`, values: counter(failed) },
    ...bounds.map((le) => ({
      series: `http_request_duration_seconds_bucket{${route('/api/v1/products', '200')},le="${le}"}`,
      values: counter(traffic.perMinute * traffic.fasterThan[le]),
    })),
    {
      series: `http_request_duration_seconds_bucket{${route('/api/v1/products', '200')},le="+Inf"}`,
      values: counter(traffic.perMinute),
    },
    {
      series: `http_request_duration_seconds_count{${route('/api/v1/products', '200')}}`,
      values: counter(traffic.perMinute),
    },
  ];
  // Readiness failing and slow all along: excluded from every objective, so it changes nothing.
  const probe = route('/readyz', '503');
  series.push(
    { series: `http_requests_total{${probe}}`, values: counter(60) },
    ...bounds.map((le) => ({
      series: `http_request_duration_seconds_bucket{${probe},le="${le}"}`,
      values: counter(0),
    })),
    { series: `http_request_duration_seconds_bucket{${probe},le="+Inf"}`, values: counter(60) },
    { series: `http_request_duration_seconds_count{${probe}}`, values: counter(60) },
  );
  return series;
}

/** The labels an alert of `rule` carries for `slo`: the recorded series' labels plus the rule's own. */
function alertLabels(rule: AlertingRule, slo: ServiceObjectives): Record<string, string> {
  const severity = rule.labels.severity ?? '';
  switch (rule.alert) {
    case 'AvailabilityBudgetBurn':
    case 'ServiceErrorRateHigh':
      return { ...rule.labels, service: slo.service, slo: 'availability' };
    case 'LatencyBudgetBurn': {
      const seconds = severity === 'critical' ? slo.latency.criticalSeconds : slo.latency.warningSeconds;
      return { ...rule.labels, service: slo.service, slo: 'latency', le: num(seconds) };
    }
    default:
      return { ...rule.labels, service: slo.service, quantile: num(slo.latency.percentile) };
  }
}

/** The promtool test file for `groups` (made from `objectives`), with `ruleFile` relative to it. */
export function sloRuleTests(objectives: ServiceObjectives[], groups: RuleGroup[], ruleFile: string) {
  const tests = objectives.flatMap((slo) => {
    const group = groups.find((candidate) => candidate.name === `slo-${slo.service}`);
    if (!group) throw new Error(`no rule group for ${slo.service}`);
    const alerts = group.rules.filter((rule): rule is AlertingRule => 'alert' in rule);
    const ruleOf = (alert: string, severity: Severity) => {
      const found = alerts.find((rule) => rule.alert === alert && rule.labels.severity === severity);
      if (!found) throw new Error(`no ${severity} ${alert} rule for ${slo.service}`);
      return found;
    };
    return scenarios.map((scenario) => ({
      name: `${slo.service}: ${scenario.name}`,
      interval: '1m',
      input_series: inputSeries(slo.service, scenario.traffic),
      alert_rule_test: scenario.expect.map((expectation) => ({
        eval_time: expectation.at,
        alertname: expectation.alert,
        exp_alerts: expectation.firing.map((severity) => {
          const rule = ruleOf(expectation.alert, severity);
          return { exp_labels: alertLabels(rule, slo), exp_annotations: rule.annotations };
        }),
      })),
    }));
  });
  return { rule_files: [ruleFile], evaluation_interval: '1m', tests };
}
