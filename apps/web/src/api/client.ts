import { createBodegaClient, type BodegaClient } from '@bodega/client';

/** Where a guest cart's token is kept between visits. It is not a credential: it only names a cart. */
export const CART_TOKEN_KEY = 'bodega.cart_token';

/** A cookie readable by scripts (only `bodega_csrf` is: the refresh token's cookie is HttpOnly). */
export function readCookie(name: string, cookies: string = document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export interface WebClientOptions {
  /** The gateway; the page's own origin in the browser (the gateway serves the app). */
  baseUrl?: string;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  fetch?: (request: Request) => Promise<Response>;
  csrfToken?: () => string | undefined;
  /** The browser session's id, sent as `X-Session-Id` (see analytics/session-id.ts); none: not sent. */
  sessionId?: string;
}

/**
 * The one client of the web app: the access token in memory only, the refresh token in identity's
 * HttpOnly cookie (refreshed silently with the CSRF double-submit token), the guest cart token in
 * localStorage. See docs/adr/0010-web-app-stack.md.
 */
export function createWebClient(options: WebClientOptions = {}): BodegaClient {
  const storage = options.storage ?? window.localStorage;
  const base = options.fetch ?? ((request: Request) => fetch(request));
  const { sessionId } = options;
  return createBodegaClient({
    baseUrl: options.baseUrl ?? window.location.origin,
    cookieSession: { csrfToken: options.csrfToken ?? (() => readCookie('bodega_csrf')) },
    cartToken: storage.getItem(CART_TOKEN_KEY) ?? undefined,
    onCartToken: (token) => {
      if (token === undefined) storage.removeItem(CART_TOKEN_KEY);
      else storage.setItem(CART_TOKEN_KEY, token);
    },
    // Catalog reports each product page read with this session, which is how a browser that never
    // sends a beacon still reaches the funnel's first step.
    fetch: (request) => {
      if (sessionId !== undefined && !request.headers.has('x-session-id'))
        request.headers.set('x-session-id', sessionId);
      return base(request);
    },
  });
}
