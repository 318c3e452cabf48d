/**
 * Turns the objectives (objectives.ts) into Prometheus rules: per service, the SLI recording rules
 * over every window the alerts read, then the alerts. One group per service, recording rules first:
 * Prometheus evaluates a group's rules in order, so its alerts always see this round's ratios.
 */
import { probeRoutes, runbookUrl, type ServiceObjectives } from './objectives.js';

export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: { summary: string; description: string; runbook_url: string };
}

export interface RuleGroup {
  name: string;
  rules: (RecordingRule | AlertingRule)[];
}

/** A pair of windows read together: the long one says it is serious, the short one that it is still going on. */
export interface BurnWindow {
  long: string;
  short: string;
  /** How many times faster than "exactly the budget in 30 days" the budget is being spent. */
  factor: number;
}

/** The SRE workbook's page windows: 2% of a 30-day budget in an hour, or 5% in six hours. */
export const pageWindows: BurnWindow[] = [
  { long: '1h', short: '5m', factor: 14.4 },
  { long: '6h', short: '30m', factor: 6 },
];

/** The workbook's ticket windows: 10% of the budget in a day, or all of it at that pace within 30 days. */
export const ticketWindows: BurnWindow[] = [
  { long: '1d', short: '2h', factor: 3 },
  { long: '3d', short: '6h', factor: 1 },
];

/** How long each kind of alert must hold before it fires. */
export const holdFor = { page: '2m', ticket: '15m', threshold: '5m' } as const;

/** The alerts this file makes, each with its runbook in docs/runbooks/alerts. */
export const sloAlerts = [
  'AvailabilityBudgetBurn',
  'LatencyBudgetBurn',
  'ServiceErrorRateHigh',
  'ServiceLatencyHigh',
] as const;

/** Decimal arithmetic for thresholds: 14.4 x (1 - 0.999) is 0.0144 in a rule, not 0.014400000000000001. */
function round(value: number): number {
  return Number(value.toPrecision(10));
}

/** A number as PromQL and Prometheus labels write it. */
function num(value: number): string {
  return String(round(value));
}

function percent(fraction: number): string {
  return `${num(fraction * 100)}%`;
}

function milliseconds(seconds: number): string {
  return `${num(seconds * 1000)} ms`;
}

/** The requests of `service` that count: everything but probes and scrapes. */
function selector(service: string, extra = ''): string {
  return `{service="${service}",route!~"${probeRoutes.join('|')}"${extra}}`;
}

const sliRecord = (window: string) => `slo:sli_error:ratio_rate${window}`;
const requestsRecord = 'slo:requests:rate5m';
const quantileRecord = 'slo:request_duration_seconds:quantile_rate5m';

/** The ticket and page windows a threshold's SLI is needed over. */
function windowsOf(windows: BurnWindow[]): string[] {
  return windows.flatMap((pair) => [pair.long, pair.short]);
}

/** Orders windows by length, so the generated file reads short to long. */
function byLength(windows: Iterable<string>): string[] {
  const seconds = (window: string) => {
    const unit = { m: 60, h: 3600, d: 86_400 }[window.slice(-1)] ?? 1;
    return Number(window.slice(0, -1)) * unit;
  };
  return [...new Set(windows)].sort((a, b) => seconds(a) - seconds(b));
}

function recordingRules(slo: ServiceObjectives): RecordingRule[] {
  const { service } = slo;
  const rules: RecordingRule[] = [];
  for (const window of byLength([...windowsOf(pageWindows), ...windowsOf(ticketWindows)])) {
    rules.push({
      record: sliRecord(window),
      // No 5xx series yet reads as no errors, not as no data.
      expr: [
        `(sum(rate(http_requests_total${selector(service, ',status_code=~"5.."')}[${window}])) or vector(0))`,
        `/`,
        `sum(rate(http_requests_total${selector(service)}[${window}]))`,
      ].join('\n'),
      labels: { service, slo: 'availability' },
    });
  }
  const latencyWindows = new Map<number, string[]>();
  const add = (seconds: number, windows: BurnWindow[]) => {
    latencyWindows.set(seconds, [...(latencyWindows.get(seconds) ?? []), ...windowsOf(windows)]);
  };
  add(slo.latency.criticalSeconds, pageWindows);
  add(slo.latency.warningSeconds, ticketWindows);
  for (const [seconds, windows] of latencyWindows) {
    for (const window of byLength(windows)) {
      rules.push({
        record: sliRecord(window),
        expr: [
          `1 - (`,
          `  sum(rate(http_request_duration_seconds_bucket${selector(service, `,le="${num(seconds)}"`)}[${window}]))`,
          `  /`,
          `  sum(rate(http_request_duration_seconds_count${selector(service)}[${window}]))`,
          `)`,
        ].join('\n'),
        labels: { service, slo: 'latency', le: num(seconds) },
      });
    }
  }
  rules.push({
    record: requestsRecord,
    expr: `sum(rate(http_requests_total${selector(service)}[5m]))`,
    labels: { service },
  });
  rules.push({
    record: quantileRecord,
    expr: `histogram_quantile(${num(slo.latency.percentile)}, sum by (le) (rate(http_request_duration_seconds_bucket${selector(service)}[5m])))`,
    labels: { service, quantile: num(slo.latency.percentile) },
  });
  return rules;
}

/** `(long > t and short > t) or (...)` for every pair of `windows`, on the SLI `sli`. */
function burnExpr(sli: string, windows: BurnWindow[], budget: number): string {
  return windows
    .map(({ long, short, factor }) => {
      const threshold = num(factor * budget);
      return `(\n  ${sliRecord(long)}${sli} > ${threshold}\n  and\n  ${sliRecord(short)}${sli} > ${threshold}\n)`;
    })
    .join('\nor\n');
}

function pace(windows: BurnWindow[]): string {
  return windows.map(({ long, short, factor }) => `${num(factor)}x over ${long} and ${short}`).join(', or ');
}

function alertingRules(slo: ServiceObjectives): AlertingRule[] {
  const { service } = slo;
  const availability = `{service="${service}",slo="availability"}`;
  const latency = (seconds: number) => `{service="${service}",slo="latency",le="${num(seconds)}"}`;
  const busy = `and on (service)\n${requestsRecord}{service="${service}"} >= ${num(slo.minRequestsPerSecond)}`;
  const quantile = `${quantileRecord}{service="${service}",quantile="${num(slo.latency.percentile)}"}`;
  const p = `p${num(slo.latency.percentile * 100)}`;
  const latencyBudget = round(1 - slo.latency.percentile);
  const rule = (
    alert: (typeof sloAlerts)[number],
    severity: 'critical' | 'warning',
    expr: string,
    hold: string,
    extra: Record<string, string>,
    summary: string,
    description: string,
  ): AlertingRule => ({
    alert,
    expr,
    for: hold,
    // The service is on the series already; as a rule label too it tells the groups' rules apart.
    labels: { severity, service, ...extra },
    annotations: { summary, description, runbook_url: runbookUrl(alert) },
  });

  return [
    rule(
      'AvailabilityBudgetBurn',
      'critical',
      burnExpr(availability, pageWindows, round(1 - slo.availability.critical)),
      holdFor.page,
      { slo: 'availability' },
      `${service} is spending its availability error budget fast`,
      `5xx answers are spending the error budget of the ${percent(slo.availability.critical)} availability objective at ${pace(pageWindows)} the sustainable rate: at this pace the 30-day budget is gone within days.`,
    ),
    rule(
      'AvailabilityBudgetBurn',
      'warning',
      burnExpr(availability, ticketWindows, round(1 - slo.availability.warning)),
      holdFor.ticket,
      { slo: 'availability' },
      `${service} is slowly spending its availability error budget`,
      `5xx answers are spending the error budget of the ${percent(slo.availability.warning)} availability target at ${pace(ticketWindows)} the sustainable rate: not urgent, but the budget will not last the 30 days.`,
    ),
    rule(
      'LatencyBudgetBurn',
      'critical',
      burnExpr(latency(slo.latency.criticalSeconds), pageWindows, latencyBudget),
      holdFor.page,
      { slo: 'latency' },
      `${service} is too slow for its latency objective, fast`,
      `Requests slower than ${milliseconds(slo.latency.criticalSeconds)} are spending the budget of the objective "${percent(slo.latency.percentile)} under ${milliseconds(slo.latency.criticalSeconds)}" at ${pace(pageWindows)} the sustainable rate.`,
    ),
    rule(
      'LatencyBudgetBurn',
      'warning',
      burnExpr(latency(slo.latency.warningSeconds), ticketWindows, latencyBudget),
      holdFor.ticket,
      { slo: 'latency' },
      `${service} is slowly getting too slow for its latency target`,
      `Requests slower than ${milliseconds(slo.latency.warningSeconds)} are spending the budget of the target "${percent(slo.latency.percentile)} under ${milliseconds(slo.latency.warningSeconds)}" at ${pace(ticketWindows)} the sustainable rate.`,
    ),
    rule(
      'ServiceErrorRateHigh',
      'critical',
      `${sliRecord('5m')}${availability} > ${num(slo.errorRate.critical)}\n${busy}`,
      holdFor.threshold,
      {},
      `${service} answers more than ${percent(slo.errorRate.critical)} of requests with a 5xx`,
      `Over the last 5 minutes more than ${percent(slo.errorRate.critical)} of ${service}'s requests (probes excluded) failed with a 5xx.`,
    ),
    rule(
      'ServiceErrorRateHigh',
      'warning',
      `${sliRecord('5m')}${availability} > ${num(slo.errorRate.warning)}\n${busy}`,
      holdFor.threshold,
      {},
      `${service} answers more than ${percent(slo.errorRate.warning)} of requests with a 5xx`,
      `Over the last 5 minutes more than ${percent(slo.errorRate.warning)} of ${service}'s requests (probes excluded) failed with a 5xx.`,
    ),
    rule(
      'ServiceLatencyHigh',
      'critical',
      `${quantile} > ${num(slo.latency.criticalSeconds)}\n${busy}`,
      holdFor.threshold,
      {},
      `${service} ${p} latency is above ${milliseconds(slo.latency.criticalSeconds)}`,
      `Over the last 5 minutes the ${p} latency of ${service}'s requests (probes excluded) was above ${milliseconds(slo.latency.criticalSeconds)}.`,
    ),
    rule(
      'ServiceLatencyHigh',
      'warning',
      `${quantile} > ${num(slo.latency.warningSeconds)}\n${busy}`,
      holdFor.threshold,
      {},
      `${service} ${p} latency is above ${milliseconds(slo.latency.warningSeconds)}`,
      `Over the last 5 minutes the ${p} latency of ${service}'s requests (probes excluded) was above ${milliseconds(slo.latency.warningSeconds)}.`,
    ),
  ];
}

/** The rule groups of every service's objectives, in the order of `objectives`. */
export function sloRuleGroups(objectives: ServiceObjectives[]): RuleGroup[] {
  return objectives.map((slo) => ({
    name: `slo-${slo.service}`,
    rules: [...recordingRules(slo), ...alertingRules(slo)],
  }));
}
