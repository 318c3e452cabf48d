/**
 * Wall-clock arithmetic in IANA time zones, with the tz database Node's Intl carries (no library).
 * A "wall" time is a local date and time written as if it were UTC milliseconds: 2026-03-08 00:00 in
 * New York is the wall value `Date.UTC(2026, 2, 8)`, whatever its instant.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * The canonical name of an IANA time zone (`america/new_york` -> `America/New_York`), or null when
 * Intl does not know it.
 */
export function canonicalTimeZone(name: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The zone's offset at `instantMs` as Intl tells it (slow: a formatToParts call). */
function intlOffset(instantMs: number, zone: string): number {
  const parts = formatterFor(zone).formatToParts(new Date(instantMs));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

const WEEK_MS = 7 * DAY_MS;

/** From `from` on (until the next segment), the zone is `offset` ms from UTC. */
interface Segment {
  from: number;
  offset: number;
}

// Per zone, per UTC year a report touched; bounded, since the inputs come from requests.
const zoneYears = new Map<string, Map<number, Segment[]>>();
const MAX_CACHED_ZONES = 1_000;

/**
 * The zone's offsets over one UTC year as constant segments, found by sampling weekly and bisecting
 * to the second where the offset changed (a zone changes it at most a few times a year), so a
 * report's hundreds of bucket boundaries cost arithmetic, not an Intl call each.
 */
function segmentsOf(zone: string, year: number): Segment[] {
  let years = zoneYears.get(zone);
  const cached = years?.get(year);
  if (cached) return cached;
  const end = Date.UTC(year + 1, 0, 1);
  let at = Date.UTC(year, 0, 1);
  let offset = intlOffset(at, zone);
  const segments: Segment[] = [{ from: at, offset }];
  while (at < end) {
    const next = Math.min(at + WEEK_MS, end);
    if (intlOffset(next, zone) === offset) {
      at = next;
      continue;
    }
    let low = at;
    let high = next;
    while (high - low > 1000) {
      const middle = low + Math.floor((high - low) / 2000) * 1000;
      if (intlOffset(middle, zone) === offset) low = middle;
      else high = middle;
    }
    offset = intlOffset(high, zone);
    segments.push({ from: high, offset });
    at = high;
  }
  if (!years) {
    if (zoneYears.size >= MAX_CACHED_ZONES) zoneYears.clear();
    years = new Map();
    zoneYears.set(zone, years);
  }
  years.set(year, segments);
  return segments;
}

/** The UTC year of an instant, cheaply for the years reports cover (a Date otherwise). */
function yearOf(instantMs: number): number {
  const guess = 1970 + Math.floor(instantMs / (365.2425 * DAY_MS));
  if (instantMs < Date.UTC(guess, 0, 1)) return guess - 1;
  return instantMs >= Date.UTC(guess + 1, 0, 1) ? guess + 1 : guess;
}

/** The zone's offset from UTC at `instantMs`, in milliseconds (New York in winter: -5 hours). */
export function offsetAt(instantMs: number, zone: string): number {
  const segments = segmentsOf(zone, yearOf(instantMs));
  let offset = segments[0]?.offset ?? 0;
  for (const segment of segments) {
    if (segment.from > instantMs) break;
    offset = segment.offset;
  }
  return offset;
}

/** The local wall time of `instantMs` in `zone`. */
export function wallAt(instantMs: number, zone: string): number {
  return instantMs + offsetAt(instantMs, zone);
}

/**
 * The instant a wall time happens in `zone`. When clocks fall back and the wall time happens twice,
 * the first; when they spring forward over it (it never happens), the instant the clocks jumped
 * to, for a wall time at the start of the gap (what a day starting in a gap starts with).
 */
export function instantOf(wall: number, zone: string): number {
  // The offsets a day either side cover any single transition around the wall time.
  const before = wall - offsetAt(wall - DAY_MS, zone);
  const after = wall - offsetAt(wall + DAY_MS, zone);
  const valid = [before, after].filter((instant) => wallAt(instant, zone) === wall);
  if (valid.length > 0) return Math.min(...valid);
  // In a gap: the earlier offset puts the wall time after the jump, by how far it is into the gap.
  return before;
}

/** The wall time at midnight of the wall's day. */
export function wallMidnight(wall: number): number {
  return Math.floor(wall / DAY_MS) * DAY_MS;
}

/** Days since the wall's Monday (Monday 0 ... Sunday 6). */
export function daysSinceMonday(wall: number): number {
  return (new Date(wall).getUTCDay() + 6) % 7;
}

export { DAY_MS, HOUR_MS };
