/**
 * Every file deploy/observability generates, by path relative to this folder: the SLO rules and
 * their promtool tests (from slo/objectives.ts) and the Grafana dashboards (from grafana/dashboards.ts).
 * `generate.ts` writes them; a test fails when a committed file differs from what this returns.
 */
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { stringify } from 'yaml';
import { dashboards } from './grafana/dashboards.js';
import { objectives } from './slo/objectives.js';
import { sloRuleTests } from './slo/rule-tests.js';
import { sloRuleGroups } from './slo/rules.js';

/** One rule file per service, and one test file beside it, so each test loads only its service's rules. */
export const sloRulesPath = (service: string) => `prometheus/rules/slo-${service}.yml`;
export const sloTestsPath = (service: string) => `prometheus/tests/slo-${service}.test.yml`;

const header = (source: string) =>
  `# Generated from ${source} by deploy/observability/generate.ts: edit the source, then run\n` +
  `# \`node --import tsx deploy/observability/generate.ts\`. A test fails when this file drifts from it.\n`;

const yaml = (value: unknown) => stringify(value, { lineWidth: 0, minContentWidth: 0 });

/** Path (relative to deploy/observability) -> content, for every generated file, formatted as Prettier would. */
export async function generatedFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const slo of objectives) {
    const groups = sloRuleGroups([slo]);
    files[sloRulesPath(slo.service)] = header('slo/objectives.ts') + yaml({ groups });
    // promtool resolves rule files relative to the test file.
    const tests = sloRuleTests([slo], groups, `../rules/slo-${slo.service}.yml`);
    files[sloTestsPath(slo.service)] = header('slo/objectives.ts') + yaml(tests);
  }
  for (const dashboard of dashboards()) {
    files[`grafana/dashboards/${dashboard.uid}.json`] = JSON.stringify(dashboard, null, 2);
  }
  // The repository's format check covers these files too: they are written as Prettier leaves them.
  const formatted = await Promise.all(
    Object.entries(files).map(async ([file, content]) => {
      const filepath = path.join(import.meta.dirname, file);
      const options = (await resolveConfig(filepath)) ?? {};
      return [file, await format(content, { ...options, filepath })] as const;
    }),
  );
  return Object.fromEntries(formatted);
}
