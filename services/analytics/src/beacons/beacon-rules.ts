/** What a beacon batch must respect beyond its schema, and what it tells about its session. */
import type { BeaconBatch, BeaconEventType } from '@bodega/contracts';
import { AppError, ValidationError } from '@bodega/errors';
import type { SessionTouch } from '../consumer/rollups.js';

/** Clocks drift: an event up to this far ahead of ours is believed. */
export const MAX_AHEAD_MS = 5 * 60_000;
/** Older events are refused: rollups and funnels of past weeks stay as they were read. */
export const MAX_AGE_MS = 7 * 86_400_000;

/** The types that are about one product, and so must name it. */
const PRODUCT_TYPES: ReadonlySet<BeaconEventType> = new Set([
  'product_view',
  'add_to_cart',
  'remove_from_cart',
]);

/** Refuses the whole batch when an event lacks its product, lies in the future, or is too old. */
export function checkBeacons(batch: BeaconBatch, now: Date): void {
  const missing = batch.events.flatMap((event, index) =>
    PRODUCT_TYPES.has(event.type) && event.product_id === undefined ? [index] : [],
  );
  if (missing.length > 0) {
    throw ValidationError('Invalid request body: product events need a product_id', {
      details: {
        location: 'body',
        issues: missing.map((index) => ({ field: `events.${index}.product_id`, message: 'is required' })),
      },
    });
  }
  const times = batch.events.map((event) => Date.parse(event.occurred_at));
  const ahead = indexesWhere(times, (at) => at > now.getTime() + MAX_AHEAD_MS);
  if (ahead.length > 0) {
    throw new AppError('unprocessable', 'Some events happen more than 5 minutes in the future', {
      code: 'EVENT_IN_FUTURE',
      details: { events: ahead, max_ahead_seconds: MAX_AHEAD_MS / 1000 },
    });
  }
  const old = indexesWhere(times, (at) => at < now.getTime() - MAX_AGE_MS);
  if (old.length > 0) {
    throw new AppError('unprocessable', 'Some events are more than 7 days old', {
      code: 'EVENT_TOO_OLD',
      details: { events: old, max_age_seconds: MAX_AGE_MS / 1000 },
    });
  }
}

function indexesWhere(values: number[], test: (value: number) => boolean): number[] {
  return values.flatMap((value, index) => (test(value) ? [index] : []));
}

/** The session's progress this batch shows: its earliest event, and the first of each funnel step. */
export function sessionTouchOf(batch: BeaconBatch, userId: string | null): SessionTouch {
  const first = (type?: BeaconEventType): Date | null => {
    const times = batch.events
      .filter((event) => type === undefined || event.type === type)
      .map((event) => Date.parse(event.occurred_at));
    return times.length === 0 ? null : new Date(Math.min(...times));
  };
  return {
    sessionId: batch.session_id,
    userId,
    // A batch holds at least one event (schema), so the session's first time exists.
    at: first() ?? new Date(0),
    viewedAt: first('product_view'),
    cartedAt: first('add_to_cart'),
    checkoutAt: first('begin_checkout'),
  };
}
