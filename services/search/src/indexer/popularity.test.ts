import { describe, expect, it } from 'vitest';
import { addLogs, HALF_LIFE_DAYS, ORDER_UNIT_WEIGHT, popularityAt, signalLog } from './popularity.js';

const at = new Date('2026-03-01T00:00:00Z');
const later = (days: number) => new Date(at.getTime() + days * 86_400_000);

describe('popularity', () => {
  it('is the sum of signal weights when read at the moment they happened', () => {
    let score: number | null = null;
    score = addLogs(score, signalLog(1, at));
    score = addLogs(score, signalLog(1, at));
    score = addLogs(score, signalLog(ORDER_UNIT_WEIGHT * 2, at));
    expect(popularityAt(score, at)).toBeCloseTo(22, 6);
  });

  it('halves every half-life', () => {
    const score = signalLog(8, at);
    expect(popularityAt(score, later(HALF_LIFE_DAYS))).toBeCloseTo(4, 6);
    expect(popularityAt(score, later(3 * HALF_LIFE_DAYS))).toBeCloseTo(1, 6);
  });

  it('ranks a recent view above an old one', () => {
    expect(signalLog(1, later(10))).toBeGreaterThan(signalLog(1, at));
  });

  it('is 0 without signals and never overflows, years from the epoch', () => {
    expect(popularityAt(null, at)).toBe(0);
    const far = new Date('2090-01-01T00:00:00Z');
    const score = addLogs(signalLog(1, far), signalLog(1, far));
    expect(Number.isFinite(score)).toBe(true);
    expect(popularityAt(score, far)).toBeCloseTo(2, 6);
  });
});
