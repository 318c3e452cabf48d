import { describe, expect, it } from 'vitest';
import { bucketsCovering, bucketStart, nextBucketStart } from './buckets.js';
import { canonicalTimeZone, instantOf, offsetAt } from './zone.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const NY = 'America/New_York';

describe('time zones', () => {
  it('knows IANA names in any case and refuses anything else', () => {
    expect(canonicalTimeZone('america/new_york')).toBe(NY);
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });

  it('reads offsets on both sides of a daylight-saving change', () => {
    expect(offsetAt(at('2026-03-08T06:00:00Z'), NY)).toBe(-5 * 3_600_000);
    expect(offsetAt(at('2026-03-08T08:00:00Z'), NY)).toBe(-4 * 3_600_000);
    expect(offsetAt(at('2026-06-01T12:00:00.250Z'), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
  });

  it('places a repeated wall time at its first occurrence and a skipped one after the jump', () => {
    // 01:30 happens twice in New York on 2026-11-01; 02:00 never happens on 2026-03-08.
    expect(iso(instantOf(Date.UTC(2026, 10, 1, 1, 30), NY))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(instantOf(Date.UTC(2026, 2, 8, 2, 0), NY))).toBe('2026-03-08T07:00:00.000Z');
  });
});

describe('buckets', () => {
  it('starts New York days at local midnight, 04:00 or 05:00 UTC by the season', () => {
    expect(iso(bucketStart(at('2026-01-15T03:00:00Z'), 'day', NY))).toBe('2026-01-14T05:00:00.000Z');
    expect(iso(bucketStart(at('2026-07-15T03:59:59Z'), 'day', NY))).toBe('2026-07-14T04:00:00.000Z');
    expect(iso(bucketStart(at('2026-07-15T04:00:00Z'), 'day', NY))).toBe('2026-07-15T04:00:00.000Z');
  });

  it('makes the day clocks spring forward 23 hours long, and the day they fall back 25', () => {
    const spring = bucketStart(at('2026-03-08T12:00:00Z'), 'day', NY);
    expect(nextBucketStart(spring, 'day', NY) - spring).toBe(23 * 3_600_000);
    const fall = bucketStart(at('2026-11-01T12:00:00Z'), 'day', NY);
    expect(nextBucketStart(fall, 'day', NY) - fall).toBe(25 * 3_600_000);
  });

  it('starts weeks on Monday at local midnight, across a daylight-saving change', () => {
    // Sunday 2026-03-08 is the change: its week started Monday 2026-03-02 at 05:00 UTC.
    const week = bucketStart(at('2026-03-08T12:00:00Z'), 'week', NY);
    expect(iso(week)).toBe('2026-03-02T05:00:00.000Z');
    expect(iso(nextBucketStart(week, 'week', NY))).toBe('2026-03-09T04:00:00.000Z');
    expect(iso(bucketStart(at('2026-03-09T04:00:00Z'), 'week', 'UTC'))).toBe('2026-03-09T00:00:00.000Z');
  });

  it('starts a day skipped at midnight by a spring-forward gap when the clocks jumped', () => {
    // Santiago jumps from 2026-09-06 00:00 (-04) to 01:00 (-03).
    const day = bucketStart(at('2026-09-06T12:00:00Z'), 'day', 'America/Santiago');
    expect(iso(day)).toBe('2026-09-06T04:00:00.000Z');
    expect(iso(nextBucketStart(day, 'day', 'America/Santiago'))).toBe('2026-09-07T03:00:00.000Z');
  });

  it('cuts hours on the local hour, half past in India', () => {
    expect(iso(bucketStart(at('2026-01-01T10:15:00Z'), 'hour', 'UTC'))).toBe('2026-01-01T10:00:00.000Z');
    expect(iso(bucketStart(at('2026-01-01T10:15:00Z'), 'hour', 'Asia/Kolkata'))).toBe(
      '2026-01-01T09:30:00.000Z',
    );
  });

  it('covers a range with every bucket it touches, the last one whole', () => {
    const { starts, endMs } = bucketsCovering(
      at('2026-03-07T10:00:00Z'),
      at('2026-03-09T10:00:00Z'),
      'day',
      NY,
    );
    expect(starts.map(iso)).toEqual([
      '2026-03-07T05:00:00.000Z',
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
    ]);
    expect(iso(endMs)).toBe('2026-03-10T04:00:00.000Z');
    expect(
      bucketsCovering(at('2026-01-01T00:00:00Z'), at('2026-01-01T03:00:00Z'), 'hour', 'UTC').starts,
    ).toHaveLength(3);
  });
});
