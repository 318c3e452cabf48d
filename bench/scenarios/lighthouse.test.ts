import { describe, expect, it } from 'vitest';
import { summarizeResult, type LighthouseResult } from './lighthouse.js';
import { describeLighthouse } from './web-report.js';

const result: LighthouseResult = {
  finalDisplayedUrl: 'http://127.0.0.1:1/sign-in?next=%2Fcheckout',
  categories: {
    performance: {
      score: 0.87,
      auditRefs: [
        { id: 'largest-contentful-paint', weight: 25 },
        { id: 'total-blocking-time', weight: 30 },
        { id: 'unused-javascript', weight: 0 },
        { id: 'bootup-time', weight: 0 },
        { id: 'font-display', weight: 0 },
        { id: 'first-contentful-paint', weight: 10 },
      ],
    },
    accessibility: { score: 1, auditRefs: [{ id: 'color-contrast', weight: 7 }] },
    'best-practices': { score: 0.96, auditRefs: [{ id: 'errors-in-console', weight: 1 }] },
  },
  audits: {
    'largest-contentful-paint': {
      title: 'Largest Contentful Paint',
      score: 0.6,
      scoreDisplayMode: 'numeric',
      displayValue: '3.1 s',
    },
    'total-blocking-time': {
      title: 'Total Blocking Time',
      score: 0.9,
      scoreDisplayMode: 'numeric',
      displayValue: '210 ms',
    },
    'unused-javascript': {
      title: 'Reduce unused JavaScript',
      score: 0.5,
      scoreDisplayMode: 'metricSavings',
      details: { overallSavingsMs: 300 },
    },
    'bootup-time': {
      title: 'Reduce JavaScript execution time',
      score: 0.2,
      scoreDisplayMode: 'numeric',
      displayValue: '2.1 s',
    },
    'font-display': { title: 'Font display', score: 0.95, scoreDisplayMode: 'metricSavings' },
    'first-contentful-paint': { title: 'First Contentful Paint', score: 1, scoreDisplayMode: 'numeric' },
    'color-contrast': { title: 'Contrast', score: 1, scoreDisplayMode: 'binary' },
    'errors-in-console': {
      title: 'Browser errors were logged to the console',
      score: 0,
      scoreDisplayMode: 'binary',
    },
  },
};

describe('Lighthouse results', () => {
  it('scores each category out of 100 and blames the audits that cost the most points first', () => {
    const page = summarizeResult('checkout', 'http://127.0.0.1:1/checkout', result);
    expect(page.scores).toEqual({ performance: 87, accessibility: 100, 'best-practices': 96 });
    expect(page.blamed.performance.map((blame) => blame.id)).toEqual([
      'largest-contentful-paint',
      'total-blocking-time',
      'unused-javascript',
      'bootup-time',
    ]);
    expect(page.blamed.accessibility).toEqual([]);
  });

  it('shows a redirect, judges the target and names what is blamed below it', () => {
    const text = describeLighthouse([summarizeResult('checkout', 'http://127.0.0.1:1/checkout', result)]);
    expect(text).toContain('| checkout (ended at /sign-in) | 87 | 100 | 96 | **miss** |');
    expect(text).toContain(
      '- checkout, performance 87: Largest Contentful Paint (3.1 s); Total Blocking Time (210 ms); Reduce unused JavaScript; Reduce JavaScript execution time (2.1 s)',
    );
    expect(text).not.toContain('best practices 96');
  });
});
