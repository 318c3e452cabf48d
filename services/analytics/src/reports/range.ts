/** The time range of a report, checked, and the buckets it is cut into. */
import type { AnalyticsInterval } from '@bodega/contracts';
import { AppError, ValidationError } from '@bodega/errors';
import { bucketsCovering } from '../time/buckets.js';
import { canonicalTimeZone, DAY_MS, HOUR_MS } from '../time/zone.js';

/** Hourly buckets over more than this many days would be thousands of points: refused. */
export const MAX_HOURLY_RANGE_DAYS = 31;
/** No report spans more than two years (731 days, a leap day included). */
export const MAX_RANGE_DAYS = 731;

/** A range checked and widened to whole buckets: every point covers a full bucket. */
export interface SeriesWindow {
  fromMs: number;
  toMs: number;
  interval: AnalyticsInterval;
  tz: string;
  /** Bucket starts, ascending; the last bucket ends at `toMs`. */
  starts: number[];
}

function invalid(field: string, message: string): AppError {
  return ValidationError(`Invalid request querystring: ${field} ${message}`, {
    details: { location: 'querystring', issues: [{ field, message }] },
  });
}

function tooLarge(maxDays: number, interval?: AnalyticsInterval): AppError {
  const what = interval === 'hour' ? 'An hourly report' : 'A report';
  return new AppError('unprocessable', `${what} covers at most ${maxDays} days`, {
    code: 'RANGE_TOO_LARGE',
    details: { max_days: maxDays },
  });
}

/** `from` and `to` as instants: `to` after `from`, at most two years apart. */
export function checkedRange(query: { from: string; to: string }): { fromMs: number; toMs: number } {
  const fromMs = Date.parse(query.from);
  const toMs = Date.parse(query.to);
  if (toMs <= fromMs) throw invalid('to', 'must be after from');
  if (toMs - fromMs > MAX_RANGE_DAYS * DAY_MS) throw tooLarge(MAX_RANGE_DAYS);
  return { fromMs, toMs };
}

/** The range of a series report, in buckets of `interval` in the time zone `tz`. */
export function seriesWindow(query: {
  from: string;
  to: string;
  interval: AnalyticsInterval;
  tz: string;
}): SeriesWindow {
  const tz = canonicalTimeZone(query.tz);
  if (tz === null) throw invalid('tz', 'is not an IANA time zone name (e.g. America/New_York)');
  const { fromMs, toMs } = checkedRange(query);
  if (query.interval === 'hour' && toMs - fromMs > MAX_HOURLY_RANGE_DAYS * DAY_MS) {
    throw tooLarge(MAX_HOURLY_RANGE_DAYS, 'hour');
  }
  const { starts, endMs } = bucketsCovering(fromMs, toMs, query.interval, tz);
  return { fromMs: starts[0] ?? fromMs, toMs: endMs, interval: query.interval, tz, starts };
}

/** The range widened to whole UTC hours: the grain of the rollups. */
export function hourRange(query: { from: string; to: string }): { fromMs: number; toMs: number } {
  const { fromMs, toMs } = checkedRange(query);
  return { fromMs: Math.floor(fromMs / HOUR_MS) * HOUR_MS, toMs: Math.ceil(toMs / HOUR_MS) * HOUR_MS };
}

/** The bucket starts as a PostgreSQL `timestamptz[]` literal, for `width_bucket(at, starts)`. */
export function startsParam(starts: number[]): string {
  return `{${starts.map((start) => new Date(start).toISOString()).join(',')}}`;
}

/** RFC 3339 UTC, whole seconds: how reports write instants. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}
