/**
 * The metric names a PromQL expression reads, for checking dashboards and rules against the metrics
 * the code declares. A small scanner, not a parser: it removes what cannot be a metric name (strings,
 * label matchers, ranges, label lists, Grafana variables), then keeps the identifiers that are not
 * keywords and not followed by `(` (functions and aggregations).
 */
const keywords = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'atan2',
  'inf',
  'nan',
]);

/** Metric names read by `expr`, a PromQL expression (Grafana variables like `$service` allowed). */
export function metricNames(expr: string): string[] {
  const text = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ')
    .replace(/\boffset\s+-?\w+/g, ' ');
  const names = new Set<string>();
  for (const match of text.matchAll(/(?<![\w.:])([a-zA-Z_:][\w:]*)(?![\w:])(\s*\()?/g)) {
    const [, name, call] = match;
    if (name === undefined || call !== undefined || keywords.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names];
}

/** The metric of a Grafana variable query `label_values(metric, label)`, or the names of a PromQL one. */
export function variableMetricNames(query: string): string[] {
  const labelValues = /^\s*label_values\(\s*([^,{)]+?)\s*(?:\{[^}]*\})?\s*,\s*\w+\s*\)\s*$/.exec(query);
  if (labelValues?.[1] !== undefined) return [labelValues[1]];
  return metricNames(query);
}
