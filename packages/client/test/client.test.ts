/**
 * The typed client against the real platform (every service behind the gateway), embedded and, with the
 * real backends configured, distributed: sessions with a silent refresh, browsing, a guest cart merged at
 * sign-in, checkout under idempotency keys, typed errors; and the committed types still matching what the
 * services' schemas generate.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { uniqueSuffix } from '@bodega/testing';
import { admin, platformModes, type Platform } from '../../../tests/support/platform.js';
import { typesFile, typesOf } from '../scripts/types.js';
import {
  ApiError,
  createBodegaClient,
  SessionExpired,
  type BodegaClient,
  type Session,
} from '../src/index.js';

const approve = '4242 4242 4242 4242';
const decline = '4000 0000 0000 0002';
const password = 'long enough password';

/** The `exp` claim of an access token. */
function expiryOf(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
    exp: number;
  };
  return payload.exp;
}

/** How a test catches what a call rejects with, to look at it. */
async function rejectionOf(promise: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe.each(platformModes())('the typed client on the platform in %s mode', (_mode, start) => {
  let platform: Platform;
  let staff: BodegaClient;
  let category: string;
  /** A customer signed in before everything else: their access token expires during the suite. */
  let early: { email: string; session: Session };

  const client = (options: Partial<Parameters<typeof createBodegaClient>[0]> = {}) =>
    createBodegaClient({ baseUrl: platform.url, ...options });

  async function customer(): Promise<{ bodega: BodegaClient; email: string }> {
    const email = `client-${uniqueSuffix()}@example.com`;
    const bodega = client();
    await bodega.register({ email, password });
    await bodega.login({ email, password });
    return { bodega, email };
  }

  async function product(stock: number) {
    const tag = uniqueSuffix().replace(/[^a-z0-9]/g, '');
    return staff.post('/api/v1/products', {
      body: {
        slug: `bowl-${tag}`,
        name: `Ash bowl ${tag}`,
        description: 'Turned ash, food safe',
        category,
        sku: `BOWL-${tag}`,
        price: { amount: 3_200, currency: 'USD' },
        stock_qty: stock,
      },
    });
  }

  beforeAll(async () => {
    // The shortest lifetime identity allows, so that a token expires while the suite runs.
    platform = await start({ ACCESS_TOKEN_TTL_SECONDS: '30' });
    const email = `early-${uniqueSuffix()}@example.com`;
    const first = client();
    await first.register({ email, password });
    early = { email, session: await first.login({ email, password }) };
    staff = client();
    await staff.login(admin);
    category = `client-${uniqueSuffix()}`;
    await staff.post('/api/v1/categories', {
      body: { slug: category, name: 'Bowls', description: 'Turned wood' },
    });
  }, 120_000);
  afterAll(async () => {
    await platform.close();
  });

  it('registers, signs in and answers as the signed-in user', async () => {
    const email = `new-${uniqueSuffix()}@example.com`;
    const bodega = client();
    const user = await bodega.register({ email, password, name: 'Ada' });
    expect(user).toMatchObject({ email, name: 'Ada', role: 'customer' });
    expect(bodega.session).toBeUndefined();
    const session = await bodega.login({ email, password });
    expect(session.token_type).toBe('Bearer');
    expect(bodega.session).toBe(session);
    const me = await bodega.get('/api/v1/me');
    expectTypeOf(me.email).toEqualTypeOf<string>();
    expect(me.id).toBe(user.id);
  });

  it('rejects bad input with a typed ApiError in the standard error body', async () => {
    const bodega = client();
    const invalid = await rejectionOf(bodega.register({ email: 'someone@example.com', password: 'short' }));
    expect(invalid).toMatchObject({ status: 400, code: expect.any(String) });
    expect(invalid.requestId).toEqual(expect.any(String));
    const missing = await rejectionOf(
      bodega.get('/api/v1/products/{id}', { params: { path: { id: 'no-such-product' } } }),
    );
    expect(missing).toMatchObject({ status: 404, code: 'PRODUCT_NOT_FOUND' });
    const anonymous = await rejectionOf(bodega.get('/api/v1/me'));
    expect(anonymous).toMatchObject({ status: 401, code: 'AUTHENTICATION_REQUIRED' });
    expect(anonymous).not.toBeInstanceOf(SessionExpired);
  });

  it('browses products with typed queries and answers', async () => {
    const bowl = await product(5);
    const page = await client().get('/api/v1/products', { params: { query: { category, limit: 10 } } });
    expect(page.items.map((item) => item.id)).toContain(bowl.id);
    expectTypeOf(page.next_cursor).toEqualTypeOf<string | null>();
    const one = await client().get('/api/v1/products/{id}', { params: { path: { id: bowl.slug } } });
    expect(one).toMatchObject({ id: bowl.id, price: { amount: 3_200, currency: 'USD' }, stock_qty: 5 });
  });

  it("keeps a guest's cart token and merges the guest cart at sign-in", async () => {
    const bowl = await product(10);
    const email = `guest-${uniqueSuffix()}@example.com`;
    const bodega = client();
    const guestCart = await bodega.post('/api/v1/cart/items', { body: { product_id: bowl.id, quantity: 2 } });
    expect(guestCart.cart_token).toEqual(expect.any(String));
    // The next call finds the same cart: the client sent its token back.
    expect((await bodega.get('/api/v1/cart')).id).toBe(guestCart.id);
    await bodega.register({ email, password });
    await bodega.login({ email, password });
    const merged = await bodega.get('/api/v1/cart');
    expect(merged.cart_token).toBeNull();
    expect(merged.items).toEqual([expect.objectContaining({ product_id: bowl.id, quantity: 2 })]);
  });

  it('checks out with a test card under an idempotency key of its own, once per key', async () => {
    const bowl = await product(10);
    const { bodega } = await customer();
    await bodega.post('/api/v1/cart/items', { body: { product_id: bowl.id, quantity: 1 } });
    const keys: string[] = [];
    const keyed = client({
      session: bodega.session,
      newIdempotencyKey: () => {
        keys.push(`key-${uniqueSuffix()}`);
        return keys.at(-1)!;
      },
    });
    const order = await keyed.checkout({ payment: { card_number: approve } });
    expect(order).toMatchObject({ status: 'paid', totals: { subtotal: { amount: 3_200 } } });
    expect(keys).toHaveLength(1);

    const again = { items: [{ product_id: bowl.id, quantity: 1 }], payment: { card_number: approve } };
    const key = `retry-${uniqueSuffix()}`;
    const placed = await bodega.placeOrder(again, { idempotencyKey: key });
    const replayed = await bodega.placeOrder(again, { idempotencyKey: key });
    expect(replayed.id).toBe(placed.id);
    const fresh = await bodega.placeOrder(again);
    expect(fresh.id).not.toBe(placed.id);
  });

  it('rejects a declined card with a typed 402 and a sold-out product with a typed 409', async () => {
    const bowl = await product(1);
    const { bodega } = await customer();
    const declined = await rejectionOf(
      bodega.placeOrder({ items: [{ product_id: bowl.id, quantity: 1 }], payment: { card_number: decline } }),
    );
    expect(declined).toMatchObject({ status: 402, code: 'PAYMENT_DECLINED' });
    expect(declined.details).toMatchObject({ order_id: expect.any(String) });
    const soldOut = await rejectionOf(
      bodega.placeOrder({ items: [{ product_id: bowl.id, quantity: 2 }], payment: { card_number: approve } }),
    );
    expect(soldOut).toMatchObject({ status: 409, code: 'OUT_OF_STOCK' });
  });

  it('logs out: the session is forgotten here and ended on the server', async () => {
    const { bodega } = await customer();
    const ended = bodega.session!;
    const told: (Session | undefined)[] = [];
    const watched = client({ session: ended, onSession: (session) => told.push(session) });
    await watched.logout();
    expect(watched.session).toBeUndefined();
    expect(told).toEqual([undefined]);
    const refused = await rejectionOf(
      client().post('/api/v1/auth/refresh', { body: { refresh_token: ended.refresh_token } }),
    );
    expect(refused.status).toBe(401);
    await watched.logout(); // nothing left to end
  });

  it('has committed the types the current document generates', async () => {
    const document = (await (await fetch(`${platform.url}/api/docs/openapi.json`)).json()) as object;
    expect(await typesOf(document)).toBe(readFileSync(typesFile, 'utf8'));
  });

  it('refreshes an expired access token once, silently, and ends a session whose refresh is refused', async () => {
    const expiredToken = early.session.access_token;
    // Waits for the real expiry (30 s, plus the verifiers' clock tolerance), asking the gateway itself.
    await vi.waitFor(
      async () => {
        const answer = await fetch(`${platform.url}/api/v1/me`, {
          headers: { authorization: `Bearer ${expiredToken}` },
        });
        expect(((await answer.json()) as { error?: { code: string } }).error?.code).toBe('TOKEN_EXPIRED');
      },
      { timeout: 60_000, interval: 500 },
    );
    expect(Date.now() / 1000).toBeGreaterThan(expiryOf(expiredToken));

    const refreshes: string[] = [];
    const told: (Session | undefined)[] = [];
    const bodega = client({
      session: early.session,
      onSession: (session) => told.push(session),
      fetch: (request) => {
        if (request.url.endsWith('/api/v1/auth/refresh')) refreshes.push(request.url);
        return fetch(request);
      },
    });
    const [me, orders, cart] = await Promise.all([
      bodega.get('/api/v1/me'),
      bodega.get('/api/v1/orders'),
      bodega.get('/api/v1/cart'),
    ]);
    expect(me.email).toBe(early.email);
    expect(orders.items).toEqual([]);
    expect(cart.items).toEqual([]);
    expect(refreshes).toHaveLength(1);
    expect(told).toHaveLength(1);
    expect(bodega.session?.access_token).not.toBe(expiredToken);
    expect(bodega.session?.refresh_token).not.toBe(early.session.refresh_token);

    // The same expired token with a refresh token the server does not know: the session is over.
    const lost: (Session | undefined)[] = [];
    const stale = client({
      session: { ...early.session, refresh_token: 'not-a-refresh-token' },
      onSession: (session) => lost.push(session),
    });
    const ended = await rejectionOf(stale.get('/api/v1/me'));
    expect(ended).toBeInstanceOf(SessionExpired);
    expect(ended).toMatchObject({ status: 401, code: 'SESSION_EXPIRED' });
    expect(stale.session).toBeUndefined();
    expect(lost).toEqual([undefined]);
    await expect(stale.refresh()).rejects.toBeInstanceOf(SessionExpired);
  }, 90_000);
});
