import type { BodegaClient } from '@bodega/client';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { createTracker, silentTracker, type Tracker } from './beacons';

const TrackerContext = createContext<Tracker>(silentTracker);

/**
 * The beacons go through the app's client: it adds the access token (so a signed-in shopper's session
 * reaches the funnel's `paid` step) and `X-Session-Id`, and refreshes an expired token once.
 * `keepalive` lets the last batch outlive a page that is closing, as `navigator.sendBeacon` would, but
 * with the token sendBeacon cannot carry.
 */
export function trackerFor(client: BodegaClient, sessionId: string): Tracker {
  return createTracker({
    sessionId,
    send: (batch) => client.post('/api/v1/events', { body: batch, keepalive: true }),
  });
}

/** Gives the pages a tracker and sends what is queued when the page is hidden or left. */
export function TrackerProvider({ tracker, children }: { tracker: Tracker; children: ReactNode }) {
  useEffect(() => {
    const hidden = () => {
      if (document.visibilityState === 'hidden') tracker.flush();
    };
    const leaving = () => tracker.flush();
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('pagehide', leaving);
    return () => {
      document.removeEventListener('visibilitychange', hidden);
      window.removeEventListener('pagehide', leaving);
    };
  }, [tracker]);
  return <TrackerContext.Provider value={tracker}>{children}</TrackerContext.Provider>;
}

/** The app's beacon tracker (a silent one outside a provider). */
export function useTracker(): Tracker {
  return useContext(TrackerContext);
}
