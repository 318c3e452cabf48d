/**
 * The client in cookie mode, as the web app runs it, against the real platform: the refresh token stays
 * in identity's HttpOnly cookie (the client never holds it), refresh and logout prove themselves with the
 * CSRF double-submit token, a page load restores the session from the cookie alone, and a guest cart
 * token survives a reload through `cartToken`/`onCartToken` until the sign-in merges it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@bodega/testing';
import { admin, platformModes, type Platform } from '../../../tests/support/platform.js';
import {
  ApiError,
  createBodegaClient,
  SessionExpired,
  type BodegaClient,
  type BodegaClientOptions,
} from '../src/index.js';

const password = 'long enough password';

/** A browser's cookie store, reduced to what these cookies use: name, value, path, removal. */
function cookieJar() {
  const cookies = new Map<string, { value: string; path: string }>();
  const fetchWithCookies = async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    const sent = [...cookies]
      .filter(([, cookie]) => pathname.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`);
    if (sent.length > 0) request.headers.set('cookie', sent.join('; '));
    const response = await fetch(request);
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const [name = '', value = ''] = pair.split('=');
      const path = attributes.find((part) => part.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const gone = value === '' || attributes.some((part) => /^max-age=0$/i.test(part));
      if (gone) cookies.delete(name);
      else cookies.set(name, { value, path });
    }
    return response;
  };
  return { cookies, fetch: fetchWithCookies, csrfToken: () => cookies.get('bodega_csrf')?.value };
}

describe.each(platformModes())('the client in cookie mode on the platform in %s mode', (_mode, start) => {
  let platform: Platform;
  let product: string;

  beforeAll(async () => {
    platform = await start();
    const staff = createBodegaClient({ baseUrl: platform.url });
    await staff.login(admin);
    const tag = uniqueSuffix().replace(/[^a-z0-9]/g, '');
    await staff.post('/api/v1/categories', { body: { slug: `jars-${tag}`, name: 'Jars' } });
    const created = await staff.post('/api/v1/products', {
      body: {
        slug: `jar-${tag}`,
        name: `Glass jar ${tag}`,
        description: 'Keeps things',
        category: `jars-${tag}`,
        sku: `JAR-${tag}`,
        price: { amount: 900, currency: 'USD' },
        stock_qty: 20,
      },
    });
    product = created.id;
  });
  afterAll(async () => {
    await platform.close();
  });

  const browser = (jar: ReturnType<typeof cookieJar>, extra: Partial<BodegaClientOptions> = {}) =>
    createBodegaClient({
      baseUrl: platform.url,
      fetch: jar.fetch,
      cookieSession: { csrfToken: jar.csrfToken },
      ...extra,
    });

  async function signedUp(): Promise<{
    email: string;
    jar: ReturnType<typeof cookieJar>;
    bodega: BodegaClient;
  }> {
    const email = `cookie-${uniqueSuffix()}@example.com`;
    const jar = cookieJar();
    const bodega = browser(jar);
    await bodega.register({ email, password });
    await bodega.login({ email, password });
    return { email, jar, bodega };
  }

  it('signs in with the refresh token in an HttpOnly cookie and never keeps it in memory', async () => {
    const { jar, bodega, email } = await signedUp();
    expect(bodega.session?.refresh_token).toBe('');
    expect(bodega.session?.user.email).toBe(email);
    expect(jar.cookies.get('bodega_refresh')?.path).toBe('/api/v1/auth');
    expect(jar.csrfToken()).toBeTruthy();
    expect((await bodega.get('/api/v1/me')).email).toBe(email);
  });

  it('restores the session on a new page from the cookie alone, and rotates it', async () => {
    const { jar, email } = await signedUp();
    const before = jar.cookies.get('bodega_refresh')?.value;
    const reloaded = browser(jar);
    expect(reloaded.session).toBeUndefined();
    const restored = await reloaded.refresh();
    expect(restored.user.email).toBe(email);
    expect(restored.refresh_token).toBe('');
    expect(jar.cookies.get('bodega_refresh')?.value).not.toBe(before);
    expect((await reloaded.get('/api/v1/me')).email).toBe(email);
  });

  it('refuses a refresh whose CSRF header does not match the cookie, and ends the session', async () => {
    const { jar } = await signedUp();
    const forged = browser(jar, { cookieSession: { csrfToken: () => 'not-the-cookie' } });
    const error: unknown = await forged.refresh().catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(SessionExpired);
    expect((error as ApiError).details).toEqual({ refresh_error: 'CSRF_FAILED' });
  });

  it('has no session to restore without the cookies', async () => {
    const bodega = browser(cookieJar());
    await expect(bodega.refresh()).rejects.toBeInstanceOf(SessionExpired);
    await bodega.logout();
    expect(bodega.session).toBeUndefined();
  });

  it('signs out by the cookie: the cookies are cleared and the old refresh token is dead', async () => {
    const { jar, bodega } = await signedUp();
    const stolen = jar.cookies.get('bodega_refresh')!.value;
    const csrf = jar.csrfToken()!;
    await bodega.logout();
    expect(bodega.session).toBeUndefined();
    expect(jar.cookies.has('bodega_refresh')).toBe(false);
    const replay = await fetch(`${platform.url}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { cookie: `bodega_refresh=${stolen}; bodega_csrf=${csrf}`, 'x-csrf-token': csrf },
    });
    expect(replay.status).toBe(401);
  });

  it('keeps a guest cart token across page loads and merges the cart at sign-in', async () => {
    const stored: (string | undefined)[] = [];
    const jar = cookieJar();
    const guest = browser(jar, { onCartToken: (token: string | undefined) => stored.push(token) });
    await guest.post('/api/v1/cart/items', { body: { product_id: product, quantity: 2 } });
    const token = stored.at(-1);
    expect(token).toBeTruthy();

    const reloaded = browser(jar, {
      cartToken: token,
      onCartToken: (next: string | undefined) => stored.push(next),
    });
    expect(reloaded.cartToken).toBe(token);
    expect((await reloaded.get('/api/v1/cart')).item_count).toBe(2);

    const email = `merge-${uniqueSuffix()}@example.com`;
    await reloaded.register({ email, password });
    await reloaded.login({ email, password });
    const merged = await reloaded.get('/api/v1/cart');
    expect(merged.customer_id).toBe(reloaded.session?.user.id);
    expect(merged.items.map((line) => [line.product_id, line.quantity])).toEqual([[product, 2]]);
    expect(reloaded.cartToken).toBeUndefined();
    expect(stored.at(-1)).toBeUndefined();
  });

  it('forgets a guest cart token the platform no longer knows', async () => {
    const stored: (string | undefined)[] = [];
    const bodega = browser(cookieJar(), {
      cartToken: 'a-token-nobody-issued',
      onCartToken: (token: string | undefined) => stored.push(token),
    });
    const error: unknown = await bodega.get('/api/v1/cart').catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    expect(bodega.cartToken).toBeUndefined();
    expect(stored).toEqual([undefined]);
  });
});
