import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './api.js';
import { ApiError, SessionExpired } from './errors.js';
import type {
  Call,
  CheckoutInput,
  LoginInput,
  Order,
  PlaceOrderInput,
  RegisterInput,
  Session,
  User,
} from './operations.js';

export interface BodegaClientOptions {
  /** The gateway: `https://shop.example`, `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** A session to start with (one kept between runs of a program); none by default. */
  session?: Session;
  /** Told of each new session (login, refresh) and of its end (logout, expiry): to keep it, or to ask for a sign-in. */
  onSession?: (session: Session | undefined) => void;
  fetch?: (request: Request) => Promise<Response>;
  /** Makes the idempotency key of a checkout that was given none; a random UUID by default. */
  newIdempotencyKey?: () => string;
  /**
   * The browser's way to keep a session (ARCHITECTURE "Identity and access"): identity sets the refresh
   * token in the HttpOnly `bodega_refresh` cookie and this client never holds it; refresh and logout
   * send no token, only `X-CSRF-Token` with the value `csrfToken` reads (the `bodega_csrf` cookie).
   * `refresh()` then also works without a session in memory: it restores the one the cookie holds.
   */
  cookieSession?: { csrfToken: () => string | undefined };
  /** A guest cart's token to start with (one kept in the browser's storage between visits). */
  cartToken?: string;
  /** Told when the guest cart token changes: a new guest cart, or none after a merge, sign-out or loss. */
  onCartToken?: (token: string | undefined) => void;
}

export interface CheckoutOptions {
  /** Send the key of an earlier attempt to retry it safely; a new one is made otherwise. */
  idempotencyKey?: string;
}

/** The typed client of the public API. See packages/client/README.md. */
export interface BodegaClient {
  /** The openapi-fetch client underneath, for `{ data, response }` (headers, status); non-2xx rejects too. */
  readonly api: Client<paths>;
  readonly get: Call<'get'>;
  readonly post: Call<'post'>;
  readonly put: Call<'put'>;
  readonly patch: Call<'patch'>;
  readonly delete: Call<'delete'>;
  /** The current session, if signed in. */
  readonly session: Session | undefined;
  /** A new customer account (not signed in: `login` next). */
  register(input: RegisterInput): Promise<User>;
  /** Signs in and keeps the session: later calls carry its access token. */
  login(input: LoginInput): Promise<Session>;
  /** Exchanges the refresh token for new tokens; calls made meanwhile share the one refresh. */
  refresh(): Promise<Session>;
  /** Ends the session on the server and forgets it here. */
  logout(): Promise<void>;
  /** The guest cart token sent with cart calls, if any. */
  readonly cartToken: string | undefined;
  /** Checks out the signed-in customer's cart, under an idempotency key. */
  checkout(input: CheckoutInput, options?: CheckoutOptions): Promise<Order>;
  /** Places an order for the given items, under an idempotency key. */
  placeOrder(input: PlaceOrderInput, options?: CheckoutOptions): Promise<Order>;
}

/** Routes a stale access token must not reach: the gateway answers a bad token with a 401 on any route. */
const sessionless = new Set([
  '/api/v1/auth/register',
  '/api/v1/auth/login',
  '/api/v1/auth/refresh',
  '/api/v1/auth/logout',
]);
const cartPath = /^\/api\/v1\/cart(\/|$)/;

/**
 * A client of the Bodega public API (typed from its OpenAPI document, on openapi-fetch). It keeps the
 * access token in memory and refreshes it once, silently, when the API answers 401 `TOKEN_EXPIRED`,
 * then retries the call; a refresh the API refuses ends the session with `SessionExpired`. A guest's
 * cart token is kept and sent with cart calls. Every non-2xx answer rejects with `ApiError`.
 */
export function createBodegaClient(options: BodegaClientOptions): BodegaClient {
  const baseFetch = options.fetch ?? ((request: Request) => fetch(request));
  const newKey = options.newIdempotencyKey ?? (() => crypto.randomUUID());
  const cookies = options.cookieSession;
  let session = options.session;
  let cartToken = options.cartToken;
  let refreshing: Promise<Session> | undefined;

  const setSession = (next: Session | undefined) => {
    session = next;
    options.onSession?.(next);
  };
  /** Keeps a new session; in cookie mode without its refresh token, which stays in the HttpOnly cookie. */
  const keep = (next: Session): Session => {
    const kept = cookies ? { ...next, refresh_token: '' } : next;
    setSession(kept);
    return kept;
  };
  const setCartToken = (next: string | undefined) => {
    if (next === cartToken) return;
    cartToken = next;
    options.onCartToken?.(next);
  };
  /** The headers of a cookie-mode auth call: the CSRF double-submit token, and the web client's mark. */
  const webHeaders = (): { 'x-bodega-client'?: string; 'x-csrf-token'?: string } => {
    if (!cookies) return {};
    const csrf = cookies.csrfToken();
    return csrf === undefined
      ? { 'x-bodega-client': 'web' }
      : { 'x-bodega-client': 'web', 'x-csrf-token': csrf };
  };

  /** A token newer than `stale`: another call's refresh, or one made now. */
  const freshToken = async (stale: string) =>
    session !== undefined && session.access_token !== stale
      ? session.access_token
      : (await refresh()).access_token;

  async function send(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    const isCart = cartPath.test(pathname);
    if (isCart && cartToken !== undefined && !request.headers.has('x-cart-token'))
      request.headers.set('x-cart-token', cartToken);
    const token =
      sessionless.has(pathname) || request.headers.has('authorization') ? undefined : session?.access_token;
    // The body can be read once: a copy is kept for the retry after a refresh.
    const retry = token === undefined ? undefined : request.clone();
    if (token !== undefined) request.headers.set('authorization', `Bearer ${token}`);
    let response = await baseFetch(request);
    if (retry !== undefined && token !== undefined && (await expired(response))) {
      retry.headers.set('authorization', `Bearer ${await freshToken(token)}`);
      response = await baseFetch(retry);
    }
    if (isCart && response.ok) setCartToken(response.headers.get('x-cart-token') ?? undefined);
    else if (isCart && (await errorCode(response)) === 'CART_NOT_FOUND') setCartToken(undefined);
    return response;
  }

  const api = createClient<paths>({ baseUrl: options.baseUrl, fetch: send });
  api.use({
    async onResponse({ response }) {
      if (!response.ok) throw await ApiError.of(response);
      return undefined;
    },
  });

  const call = (method: 'get' | 'post' | 'put' | 'patch' | 'delete') =>
    // openapi-fetch checks each call's types; this only forwards them and keeps the answer's body.
    (async (path: never, init?: never) => (await api.request(method, path, init)).data) as never;
  const post: Call<'post'> = call('post');

  async function refresh(): Promise<Session> {
    refreshing ??= (async () => {
      const current = session;
      const body = cookies ? {} : current && { refresh_token: current.refresh_token };
      if (body === undefined || (cookies && cookies.csrfToken() === undefined)) {
        if (current !== undefined) setSession(undefined);
        throw new SessionExpired();
      }
      try {
        return keep(await post('/api/v1/auth/refresh', { body, params: { header: webHeaders() } }));
      } catch (error) {
        // Refused: the session is over. Anything else (a network error, a 5xx) leaves it as it was.
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
          setSession(undefined);
          throw new SessionExpired(error);
        }
        throw error;
      }
    })().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  const keyed = (given: CheckoutOptions) => ({
    header: { 'Idempotency-Key': given.idempotencyKey ?? newKey() },
  });

  return {
    api,
    get: call('get'),
    post,
    put: call('put'),
    patch: call('patch'),
    delete: call('delete'),
    get session() {
      return session;
    },
    get cartToken() {
      return cartToken;
    },
    register: (input) => post('/api/v1/auth/register', { body: input }),
    async login(input) {
      return keep(await post('/api/v1/auth/login', { body: input, params: { header: webHeaders() } }));
    },
    refresh,
    async logout() {
      const current = session;
      setSession(undefined);
      setCartToken(undefined);
      if (cookies) {
        // The cookie names the session; identity clears both cookies. Without one there is nothing to end.
        if (cookies.csrfToken() === undefined) return;
        await post('/api/v1/auth/logout', { body: {}, params: { header: webHeaders() } }).catch(ended);
        return;
      }
      if (current === undefined) return;
      await post('/api/v1/auth/logout', { body: { refresh_token: current.refresh_token } }).catch(
        (error: unknown) => {
          // Already over on the server: nothing left to end.
          if (!(error instanceof ApiError && error.status === 401)) throw error;
        },
      );
    },
    checkout: (input, given = {}) => post('/api/v1/checkout', { body: input, params: keyed(given) }),
    placeOrder: (input, given = {}) => post('/api/v1/orders', { body: input, params: keyed(given) }),
  };
}

/** Whether an answer says the access token expired (and only that: a revoked one stays revoked). */
async function expired(response: Response): Promise<boolean> {
  return response.status === 401 && (await errorCode(response)) === 'TOKEN_EXPIRED';
}

/** The `error.code` of an error answer, read from a copy so that the answer keeps its body. */
async function errorCode(response: Response): Promise<unknown> {
  if (response.ok) return undefined;
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { error?: { code?: unknown } } | undefined;
  return body?.error?.code;
}

/** A logout the server refuses as already over (401) or unprovable (403: cookie gone) has nothing to end. */
function ended(error: unknown): void {
  if (!(error instanceof ApiError && (error.status === 401 || error.status === 403))) throw error;
}
