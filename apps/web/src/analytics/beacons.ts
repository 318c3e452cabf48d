import type { BeaconBatch, BeaconEvent } from '@bodega/contracts';

/** One thing the shopper did, as the page reports it; the tracker stamps its time. */
export type Beacon = Omit<BeaconEvent, 'occurred_at'>;

export interface Tracker {
  /** Queues one event; never throws and never waits. */
  track(beacon: Beacon): void;
  /** Sends what is queued now (the page is being hidden or left). */
  flush(): void;
}

export interface TrackerOptions {
  sessionId: string;
  /** Sends one batch; a rejection is dropped (analytics down must never break the page). */
  send: (batch: BeaconBatch) => Promise<unknown>;
  /** How long events wait for company before their batch leaves. */
  delayMs?: number;
  now?: () => Date;
}

/** The most events one `POST /events` takes (analytics' contract). */
const MAX_BATCH = 50;

/**
 * The storefront's behaviour beacons: events queue up and leave together, a moment after the first
 * (or at once when a batch is full, or when the page is hidden), as one non-blocking request that
 * outlives the page (`keepalive`). A batch analytics refuses or cannot take is dropped, not retried:
 * beacons are worth less than the shopper's bandwidth and a quiet console.
 */
export function createTracker(options: TrackerOptions): Tracker {
  const delayMs = options.delayMs ?? 1_000;
  const now = options.now ?? (() => new Date());
  let queue: BeaconEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    while (queue.length > 0) {
      const events = queue.slice(0, MAX_BATCH);
      queue = queue.slice(MAX_BATCH);
      try {
        options.send({ session_id: options.sessionId, events }).catch(() => undefined);
      } catch {
        // A send that throws at once (no fetch, a bad URL) is dropped the same way.
      }
    }
  };

  return {
    track(beacon) {
      queue.push({ ...beacon, occurred_at: now().toISOString() });
      if (queue.length >= MAX_BATCH) flush();
      else timer ??= setTimeout(flush, delayMs);
    },
    flush,
  };
}

/** A tracker that reports nothing (component tests that are not about beacons). */
export const silentTracker: Tracker = { track: () => undefined, flush: () => undefined };
