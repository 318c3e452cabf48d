/**
 * Report buckets in a time zone: hours, local days starting at local midnight, and local weeks
 * starting Monday at local midnight. A day is 23 or 25 hours long across a daylight-saving change,
 * as the shop's managers live it.
 */
import type { AnalyticsInterval } from '@bodega/contracts';
import { DAY_MS, daysSinceMonday, HOUR_MS, instantOf, wallAt, wallMidnight } from './zone.js';

/** Where the bucket holding `instantMs` starts. */
export function bucketStart(instantMs: number, interval: AnalyticsInterval, zone: string): number {
  const wall = wallAt(instantMs, zone);
  switch (interval) {
    case 'hour':
      // Local hours: UTC hours except in zones offset by a fraction of an hour (India, Nepal...).
      return instantMs - (((wall % HOUR_MS) + HOUR_MS) % HOUR_MS);
    case 'day':
      // A midnight skipped by a spring-forward gap: the day starts when the clocks jumped.
      return instantOf(wallMidnight(wall), zone);
    case 'week': {
      const monday = wallMidnight(wall) - daysSinceMonday(wall) * DAY_MS;
      return instantOf(monday, zone);
    }
  }
}

/** Where the bucket after the one starting at `startMs` starts. */
export function nextBucketStart(startMs: number, interval: AnalyticsInterval, zone: string): number {
  if (interval === 'hour') return startMs + HOUR_MS;
  const days = interval === 'day' ? 1 : 7;
  const wall = wallMidnight(wallAt(startMs, zone));
  return instantOf(wall + days * DAY_MS, zone);
}

/** The starts of every bucket overlapping `[fromMs, toMs)`, and where the last one ends. */
export function bucketsCovering(
  fromMs: number,
  toMs: number,
  interval: AnalyticsInterval,
  zone: string,
): { starts: number[]; endMs: number } {
  const starts: number[] = [];
  let start = bucketStart(fromMs, interval, zone);
  while (start < toMs) {
    starts.push(start);
    start = nextBucketStart(start, interval, zone);
  }
  return { starts, endMs: start };
}
