/**
 * Every alert is tested and documented: promtool tests where it fires and where it stays quiet, for
 * each severity; a runbook in docs/runbooks/alerts that its `runbook_url` points to, with the sections
 * an on-call engineer looks for.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbookUrl } from '../slo/objectives.js';
import { loadAlertTests, loadRules, runbooksDir } from './support.js';

const alerts = loadRules().filter((rule) => rule.alert !== undefined);
const alertNames = [...new Set(alerts.map((rule) => rule.alert!))].sort();

describe('the alert rules', () => {
  it('are the SLO and dependency alerts', () => {
    expect(alertNames).toEqual([
      'AvailabilityBudgetBurn',
      'DatabasePoolSaturated',
      'DeadLetterQueueNotEmpty',
      'EventConsumerLagging',
      'LatencyBudgetBurn',
      'NodeHeapHigh',
      'OutboxEventsDelayed',
      'ProcessCpuHigh',
      'ProcessMemoryHigh',
      'ServiceDown',
      'ServiceErrorRateHigh',
      'ServiceLatencyHigh',
    ]);
  });

  it('each have a severity, a summary, a description and a runbook_url to their runbook', () => {
    for (const rule of alerts) {
      const where = `${rule.file} ${rule.alert!}`;
      expect(['critical', 'warning'], where).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, where).toBeTruthy();
      expect(rule.annotations?.description, where).toBeTruthy();
      expect(rule.annotations?.runbook_url, where).toBe(runbookUrl(rule.alert!));
    }
  });

  it('each fire in a promtool test, at every severity and for every service they are written for', () => {
    const firing = new Set(
      loadAlertTests().flatMap((check) =>
        check.exp_alerts.map(
          (expected) =>
            `${check.alertname} ${expected.exp_labels.severity} ${expected.exp_labels.service ?? ''}`,
        ),
      ),
    );
    for (const rule of alerts) {
      const key = `${rule.alert!} ${rule.labels!.severity!} ${rule.labels?.service ?? ''}`;
      // Hand-written rules cover every service at once: one firing test for any service is enough.
      const fired =
        rule.labels?.service === undefined
          ? [...firing].some((entry) => entry.startsWith(`${rule.alert!} ${rule.labels!.severity!} `))
          : firing.has(key);
      expect(fired, `${rule.file}: no promtool test where ${key.trim()} fires`).toBe(true);
    }
  });

  it('each stay quiet in a promtool test', () => {
    const quiet = new Set(
      loadAlertTests()
        .filter((check) => check.exp_alerts.length === 0)
        .map((check) => `${check.file} ${check.alertname}`),
    );
    for (const rule of alerts) {
      const tested = [...quiet].some((entry) => entry.endsWith(` ${rule.alert!}`));
      expect(tested, `no promtool test where ${rule.alert!} stays quiet`).toBe(true);
    }
  });
});

describe('the runbooks', () => {
  const sections = ['## What it means', '## Impact', '## Diagnose', '## Mitigate'];

  it('exist for every alert, with what it means, its impact, how to diagnose and how to mitigate', () => {
    for (const alert of alertNames) {
      const file = path.join(runbooksDir, `${alert}.md`);
      expect(fs.existsSync(file), `docs/runbooks/alerts/${alert}.md`).toBe(true);
      const text = fs.readFileSync(file, 'utf8');
      expect(text.startsWith(`# ${alert}\n`), `${alert}.md starts with its title`).toBe(true);
      for (const section of sections) expect(text, `${alert}.md: ${section}`).toContain(`\n${section}\n`);
    }
  });

  it('are all for an alert that exists', () => {
    const runbooks = fs
      .readdirSync(runbooksDir)
      .filter((name) => name.endsWith('.md') && name !== 'README.md')
      .map((name) => name.slice(0, -'.md'.length))
      .sort();
    expect(runbooks).toEqual(alertNames);
  });
});
