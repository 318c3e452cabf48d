/** Where the browser session's id is kept: per tab, gone when the tab closes (a new visit, a new session). */
export const SESSION_ID_KEY = 'bodega.session_id';

const shape = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The id of this browser session: what the storefront sends catalog as `X-Session-Id` and analytics as
 * the beacons' `session_id`, so the funnel joins the product pages catalog saw with the steps the page
 * reported. Made once per tab and kept in sessionStorage; without storage (private modes that refuse
 * it), one per page load.
 */
export function browserSessionId(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined): string {
  const kept = safely(() => storage?.getItem(SESSION_ID_KEY));
  if (kept && shape.test(kept)) return kept;
  const made = crypto.randomUUID();
  safely(() => storage?.setItem(SESSION_ID_KEY, made));
  return made;
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
