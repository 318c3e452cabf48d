/**
 * SLOs as code: the committed rules, promtool tests and dashboards are exactly what their sources
 * generate, the objectives cover every service, and their thresholds are ones the metrics can answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { httpDurationBuckets } from '@bodega/kit';
import { serviceNames } from '../../tools/platform.js';
import { generatedFiles } from '../generated.js';
import { objectives } from '../slo/objectives.js';
import { dashboardsDir, observabilityDir, rulesDir, testsDir } from './support.js';

describe('the generated files', () => {
  it('are what slo/objectives.ts and grafana/dashboards.ts generate (run deploy/observability/generate.ts)', async () => {
    const files = await generatedFiles();
    for (const [file, content] of Object.entries(files)) {
      const target = path.join(observabilityDir, file);
      expect(fs.existsSync(target), `${file} is missing`).toBe(true);
      expect(fs.readFileSync(target, 'utf8'), `${file} drifted from its source`).toBe(content);
    }
    // Nothing generated once and left behind (a service removed, a dashboard renamed).
    const onDisk = [
      ...fs
        .readdirSync(rulesDir)
        .filter((name) => name.startsWith('slo-'))
        .map((name) => `prometheus/rules/${name}`),
      ...fs
        .readdirSync(testsDir)
        .filter((name) => name.startsWith('slo-'))
        .map((name) => `prometheus/tests/${name}`),
      ...fs
        .readdirSync(dashboardsDir)
        .filter((name) => name.endsWith('.json'))
        .map((name) => `grafana/dashboards/${name}`),
    ];
    expect(onDisk.sort()).toEqual(Object.keys(files).sort());
  });
});

describe('the objectives', () => {
  it('cover every service of the platform, once', () => {
    expect(objectives.map((slo) => slo.service).sort()).toEqual(serviceNames());
  });

  it('ask for latencies the request histogram can answer exactly (bucket bounds)', () => {
    for (const slo of objectives) {
      expect(httpDurationBuckets, slo.service).toContain(slo.latency.criticalSeconds);
      expect(httpDurationBuckets, slo.service).toContain(slo.latency.warningSeconds);
    }
  });

  it('warn before they are critical', () => {
    for (const slo of objectives) {
      expect(slo.availability.warning, slo.service).toBeGreaterThan(slo.availability.critical);
      expect(slo.availability.critical, slo.service).toBeLessThan(1);
      expect(slo.errorRate.warning, slo.service).toBeLessThan(slo.errorRate.critical);
      expect(slo.latency.warningSeconds, slo.service).toBeLessThan(slo.latency.criticalSeconds);
      expect(slo.latency.percentile, slo.service).toBeLessThan(1);
    }
  });
});
