import { useEffect, useRef } from 'react';
import type { Beacon } from './beacons';
import { useTracker } from './context';

/**
 * Reports `beacon` once each time `key` changes to a defined value (a product page per product, a
 * checkout per visit, a search per query), not on every render.
 */
export function useReportOnce(key: string | undefined, beacon: () => Beacon): void {
  const tracker = useTracker();
  const build = useRef(beacon);
  build.current = beacon;
  // StrictMode runs an effect twice on mount in development: the same key is still one report.
  const reported = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (key === undefined || key === reported.current) return;
    reported.current = key;
    tracker.track(build.current());
  }, [key, tracker]);
}
