import { describe, expect, it } from 'vitest';
import { describeWeb, type WebRun } from './web-report.js';

const run = (scriptKb: number[]): WebRun => ({
  files: [
    ...scriptKb.map((size, index) => ({
      path: `/assets/chunk-${index}.js`,
      kind: 'script' as const,
      rawBytes: size * 3 * 1024,
      gzipBytes: size * 1024,
    })),
    { path: '/assets/index.css', kind: 'style' as const, rawBytes: 35 * 1024, gzipBytes: 8 * 1024 },
  ],
  coldMs: [400, 420, 380, 900],
  warmMs: [150, 160, 140, 155],
  products: 300,
  chromium: 'Chromium 156',
});

describe('the web section', () => {
  it('sums the initial scripts, not the stylesheet, and judges the 200 KB target', () => {
    const text = describeWeb(run([150, 20]));
    expect(text).toMatch(/initial JavaScript of the home < 200 KB gzip \| 170 KB \| \*\*pass\*\*/);
    expect(text).toContain('| /assets/chunk-1.js | script | 60.0 KB | 20.0 KB |');
    expect(text).toContain('plus 8.0 KB of CSS');
  });

  it('marks a heavier home as a miss and reports the grid times', () => {
    const text = describeWeb(run([180, 30]));
    expect(text).toMatch(/\| 210 KB \| \*\*miss\*\*/);
    expect(text).toMatch(/\| cold \(new profile\) \| 4 \| 410 ms \| 900 ms \| 380 ms \| 900 ms \|/);
    expect(text).toMatch(/\| warm \(assets cached\) \| 4 \| 153 ms \| 160 ms \| 140 ms \| 160 ms \|/);
  });
});
