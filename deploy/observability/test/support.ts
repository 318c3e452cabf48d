/** Reads what deploy/observability holds (rule files, promtool tests, dashboards) and what the code declares. */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createMetricsRegistry } from '@bodega/kit';
import { repoRoot } from '../../tools/platform.js';

export const observabilityDir = path.join(repoRoot, 'deploy', 'observability');
export const rulesDir = path.join(observabilityDir, 'prometheus', 'rules');
export const testsDir = path.join(observabilityDir, 'prometheus', 'tests');
export const dashboardsDir = path.join(observabilityDir, 'grafana', 'dashboards');
export const runbooksDir = path.join(repoRoot, 'docs', 'runbooks', 'alerts');

export interface Rule {
  file: string;
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const filesIn = (dir: string, suffix: string) =>
  fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort();

/** Every rule of every file Prometheus loads (`rules/*.yml`). */
export function loadRules(): Rule[] {
  return filesIn(rulesDir, '.yml').flatMap((file) => {
    const { groups } = parse(fs.readFileSync(path.join(rulesDir, file), 'utf8')) as {
      groups: { rules: Omit<Rule, 'file'>[] }[];
    };
    return groups.flatMap((group) => group.rules.map((rule) => ({ ...rule, file })));
  });
}

export interface AlertTestCase {
  file: string;
  test: string;
  eval_time: string;
  alertname: string;
  exp_alerts: { exp_labels: Record<string, string> }[];
}

/** Every `alert_rule_test` case of every promtool test file. */
export function loadAlertTests(): AlertTestCase[] {
  return filesIn(testsDir, '.test.yml').flatMap((file) => {
    const { tests } = parse(fs.readFileSync(path.join(testsDir, file), 'utf8')) as {
      tests: { name: string; alert_rule_test?: Omit<AlertTestCase, 'file' | 'test'>[] }[];
    };
    return tests.flatMap((test) =>
      (test.alert_rule_test ?? []).map((check) => ({ ...check, file, test: test.name })),
    );
  });
}

export interface DashboardJson {
  uid: string;
  title: string;
  panels: { type: string; title: string; targets?: { expr: string }[] }[];
  templating: { list: { name: string; query: { query: string } | string }[] };
}

export function loadDashboards(): { file: string; dashboard: DashboardJson }[] {
  return filesIn(dashboardsDir, '.json').map((file) => ({
    file,
    dashboard: JSON.parse(fs.readFileSync(path.join(dashboardsDir, file), 'utf8')) as DashboardJson,
  }));
}

function* sourceFiles(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) yield full;
  }
}

const seriesOf: Record<string, (name: string) => string[]> = {
  Counter: (name) => [name],
  Gauge: (name) => [name],
  Histogram: (name) => [`${name}_bucket`, `${name}_sum`, `${name}_count`],
  Summary: (name) => [name, `${name}_sum`, `${name}_count`],
};

/**
 * Series names the code declares: each `name: '...'` in a source file of packages/ or services/ that
 * uses prom-client, of the kind of the nearest `new Counter|Gauge|Histogram|Summary` before it
 * (histograms expose `_bucket`, `_sum` and `_count`).
 */
export function declaredSeries(): Map<string, string> {
  const declared = new Map<string, string>();
  const roots = ['packages', 'services'].flatMap((kind) =>
    fs.readdirSync(path.join(repoRoot, kind)).map((name) => path.join(repoRoot, kind, name, 'src')),
  );
  for (const root of roots) {
    for (const file of sourceFiles(root)) {
      const text = fs.readFileSync(file, 'utf8');
      if (!text.includes("from 'prom-client'")) continue;
      const kinds = [...text.matchAll(/new (Counter|Gauge|Histogram|Summary)\b/g)];
      for (const match of text.matchAll(/\bname:\s*'([a-zA-Z_:][\w:]*)'/g)) {
        const kind = kinds.filter((candidate) => candidate.index < match.index).at(-1)?.[1];
        if (kind === undefined) continue;
        for (const series of seriesOf[kind]!(match[1]!)) declared.set(series, path.relative(repoRoot, file));
      }
    }
  }
  return declared;
}

/** Series every service exposes through the kit's registry: prom-client's defaults and the limits. */
export async function defaultSeries(): Promise<Set<string>> {
  const metrics = await createMetricsRegistry('check').getMetricsAsJSON();
  // `type` is prom-client's MetricType enum, whose values are the type names ('histogram', 'gauge'...).
  return new Set(
    metrics.flatMap((metric) =>
      seriesOf[String(metric.type) === 'histogram' ? 'Histogram' : 'Gauge']!(metric.name),
    ),
  );
}

/** Series Prometheus itself makes: target health and the alerts' own state. */
export const prometheusSeries = new Set(['up', 'ALERTS', 'ALERTS_FOR_STATE', 'scrape_duration_seconds']);
