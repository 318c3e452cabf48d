import { describe, expect, it } from 'vitest';
import { bucketLabel, customRange, presetRange, timeZones } from './range';

describe('report ranges', () => {
  it('ends a preset at the end of the current hour, so the current hour counts and the key holds for the hour', () => {
    const now = Date.parse('2026-03-08T14:20:00Z');
    expect(presetRange('24h', now)).toEqual({
      from: '2026-03-07T15:00:00.000Z',
      to: '2026-03-08T15:00:00.000Z',
    });
    expect(presetRange('7d', Date.parse('2026-03-08T14:59:59Z'))).toEqual(presetRange('7d', now));
    // On the hour exactly, that hour has begun: it is in.
    expect(presetRange('24h', Date.parse('2026-03-08T15:00:00Z')).to).toBe('2026-03-08T16:00:00.000Z');
  });

  it('takes custom days inclusive, and refuses a missing or reversed one', () => {
    const range = customRange('2026-03-01', '2026-03-01')!;
    expect(Date.parse(range.to) - Date.parse(range.from)).toBeGreaterThanOrEqual(23 * 3_600_000);
    expect(customRange('2026-03-02', '2026-03-01')).toBeUndefined();
    expect(customRange('', '2026-03-01')).toBeUndefined();
    expect(customRange('2026-3-1', '2026-03-01')).toBeUndefined();
  });

  it('names buckets in the report zone', () => {
    expect(bucketLabel('2026-03-08T05:00:00Z', 'day', 'America/New_York')).toBe('Mar 8, 2026');
    expect(bucketLabel('2026-03-08T05:00:00Z', 'hour', 'UTC')).toBe('Mar 8, 05:00');
    expect(bucketLabel('2026-03-09T04:00:00Z', 'week', 'America/New_York')).toBe('Week of Mar 9, 2026');
    expect(timeZones('Mars/Olympus')[0]).toBe('UTC');
    expect(timeZones('Mars/Olympus')).toContain('Mars/Olympus');
  });
});
