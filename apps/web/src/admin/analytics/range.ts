/** The analytics page's time range: presets, a custom range of days, and how bucket starts read. */

export type Interval = 'hour' | 'day' | 'week';

export const presets = {
  '24h': { label: 'Last 24 hours', days: 1, interval: 'hour' },
  '7d': { label: 'Last 7 days', days: 7, interval: 'day' },
  '30d': { label: 'Last 30 days', days: 30, interval: 'day' },
  '90d': { label: 'Last 90 days', days: 90, interval: 'week' },
  '365d': { label: 'Last 12 months', days: 365, interval: 'week' },
} as const satisfies Record<string, { label: string; days: number; interval: Interval }>;
export type Preset = keyof typeof presets;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface Range {
  from: string;
  to: string;
}

/**
 * The last `days` days up to the end of the current hour: the current hour's sales are in, and the
 * range (so the query's cache key) stays the same for the rest of the hour.
 */
export function presetRange(preset: Preset, now: number = Date.now()): Range {
  const to = Math.ceil((now + 1) / HOUR_MS) * HOUR_MS;
  return { from: new Date(to - presets[preset].days * DAY_MS).toISOString(), to: new Date(to).toISOString() };
}

/**
 * Whole days typed as `YYYY-MM-DD` (inclusive) as instants: local midnight of the first day to local
 * midnight after the last, in the browser's time zone. Undefined when a date is missing or out of order.
 */
export function customRange(fromDay: string, toDay: string): Range | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/;
  const start = day.exec(fromDay);
  const end = day.exec(toDay);
  if (!start || !end) return undefined;
  const from = new Date(Number(start[1]), Number(start[2]) - 1, Number(start[3]));
  const to = new Date(Number(end[1]), Number(end[2]) - 1, Number(end[3]) + 1);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) return undefined;
  return { from: from.toISOString(), to: to.toISOString() };
}

/** The browser's IANA time zone (what reports use unless the manager picks another). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every IANA zone the browser knows, UTC first, and `current` among them whatever it is. */
export function timeZones(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', current, ...known])];
}

/** How a bucket's start reads on an axis and in a table, in the report's time zone. */
export function bucketLabel(start: string, interval: Interval, tz: string): string {
  const options: Intl.DateTimeFormatOptions =
    interval === 'hour'
      ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
      : { month: 'short', day: 'numeric', year: 'numeric' };
  const text = new Intl.DateTimeFormat('en-US', { ...options, timeZone: tz }).format(new Date(start));
  return interval === 'week' ? `Week of ${text}` : text;
}
