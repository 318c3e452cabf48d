import { describe, expect, it } from 'vitest';
import type { OpenLoopRun } from '../lib/open-loop.js';
import { describeAbuse, outcomesCell, type AbuseRun } from './abuse-report.js';
import { aliasedSearches, fragmentBomb, invalidItems } from './abuse-requests.js';

const load = (p99Ms: number, extra: Partial<OpenLoopRun> = {}): OpenLoopRun => ({
  rate: 100,
  seconds: 10,
  scheduled: 1_000,
  answered: 1_000,
  ok: 1_000,
  p50Ms: 3,
  p99Ms,
  maxMs: p99Ms,
  unanswered: 0,
  statusCodes: {},
  ...extra,
});

const run: AbuseRun = {
  innocentRate: 100,
  products: 100,
  limits: { perIp: 100, auth: 30, login: 10, windowMs: 60_000 },
  rows: [
    {
      label: 'GraphQL: 24 fragments',
      perMinute: 100,
      quiet: load(12),
      abused: load(9_000, { answered: 960, ok: 958, unanswered: 40, statusCodes: { '504': 2 } }),
      abuser: {
        kind: 'fragment-bomb',
        sent: 16,
        outcomes: { '400': 3, 'no answer': 13 },
        answerBytes: 2_048,
      },
    },
  ],
};

describe('the abuse section', () => {
  it('shows each kind with the innocent p99 alone and abused, and what the abuser got', () => {
    const text = describeAbuse(run);
    expect(text).toContain(
      '| GraphQL: 24 fragments | 16 (100/min) | 13 × no answer, 3 × 400 | 2.0 KB | 3 ms / 12 ms | 3 ms / 9,000 ms | 750× | 960 / 1000 | 40 unanswered; 2 (2×504) |',
    );
    expect(text).toContain('100 requests per 60 s per address');
  });

  it('shows an innocent p99 past the drain as such, with no ratio', () => {
    const [row] = run.rows;
    const text = describeAbuse({
      ...run,
      rows: [{ ...row!, abused: load(Number.POSITIVE_INFINITY, { unanswered: 30 }) }],
    });
    expect(text).toContain('| 3 ms / > 30 s | n/a | 1000 / 1000 | 30 unanswered; 0 |');
  });

  it('lists outcomes biggest first, and a dash for none', () => {
    expect(outcomesCell({ '401': 2, '429': 14 })).toBe('14 × 429, 2 × 401');
    expect(outcomesCell({})).toBe('-');
  });
});

describe('the abusive requests', () => {
  it('builds a fragment chain of about a kilobyte whose every fragment spreads the next twice', () => {
    const bomb = fragmentBomb(24);
    expect(bomb.length).toBeLessThan(1_500);
    expect(bomb).toContain('fragment F0 on Query { ...F1 ...F1 }');
    expect(bomb.match(/^fragment /gm)).toHaveLength(24);
  });

  it('asks search under as many aliases as told, and fills a body with invalid items', () => {
    expect(aliasedSearches(300).match(/: search\(/g)).toHaveLength(300);
    const body = invalidItems(1_000_000);
    expect(body.length).toBeLessThanOrEqual(1_000_000);
    expect(body.length).toBeGreaterThan(999_000);
    expect((JSON.parse(body.toString()) as { items: unknown[] }).items[0]).toEqual({});
  });
});
