/**
 * The gateway's edge cache, end to end in both modes: public product reads are answered by the
 * gateway, every change to a product reaches its readers at once (writes through this gateway, and
 * changes catalog makes on its own, such as stock taken by a checkout), nothing private is shared,
 * and the reads it answered still count as views.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@bodega/testing';
import { admin, client, platformModes, type Json, type Platform } from './support/platform.js';

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 150; i++) {
    last = await read();
    if (done(last)) return last;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}

describe.each(platformModes())('the edge cache in %s mode', (_mode, start) => {
  let platform: Platform;
  let staff: string;
  let category: string;
  beforeAll(async () => {
    platform = await start({ VIEW_FLUSH_INTERVAL_MS: '100' });
    staff = (await call('POST', '/api/v1/auth/login', admin)).body.access_token as string;
    category = `edge-${uniqueSuffix()}`;
    await call('POST', '/api/v1/categories', { slug: category, name: 'Edge', description: 'Cached' }, staff);
  }, 120_000);
  afterAll(async () => {
    await platform.close();
  });

  const call = client(() => platform.url);

  async function product(fields: Json = {}): Promise<Json> {
    const tag = uniqueSuffix().replace(/[^a-z0-9]/g, '');
    const created = await call(
      'POST',
      '/api/v1/products',
      {
        slug: `lamp-${tag}`,
        name: `Brass lamp ${tag}`,
        description: 'Warm light',
        category,
        sku: `LAMP-${tag}`,
        price: { amount: 4_200, currency: 'USD' },
        stock_qty: 10,
        ...fields,
      },
      staff,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }

  it('answers a repeated public product read itself, the same as catalog, without the gateway-only headers', async () => {
    const lamp = await product();
    const first = await call('GET', `/api/v1/products/${lamp.id}`);
    const second = await call('GET', `/api/v1/products/${lamp.id}`);
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('content-type')).toContain('application/json');
    expect(Number(second.headers.get('age'))).toBeGreaterThanOrEqual(0);
    // Each answer has its own request id, never the stored one.
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    for (const answer of [first, second]) {
      expect(answer.headers.get('surrogate-control')).toBeNull();
      expect(answer.headers.get('surrogate-key')).toBeNull();
    }
    // A signed-in shopper gets the public answer too; a bad token is still refused first.
    const email = `reader-${uniqueSuffix()}@example.com`;
    await call('POST', '/api/v1/auth/register', { email, password: 'long enough password' });
    const session = await call('POST', '/api/v1/auth/login', { email, password: 'long enough password' });
    const signedIn = await call('GET', `/api/v1/products/${lamp.id}`, undefined, session.body.access_token);
    expect(signedIn.headers.get('x-cache')).toBe('HIT');
    const forged = await call('GET', `/api/v1/products/${lamp.id}`, undefined, 'not.a.token');
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBeTruthy();
  });

  it('shows an edit, a stock change and a deletion made through the gateway on the very next read', async () => {
    const lamp = await product();
    await call('GET', `/api/v1/products/${lamp.id}`);
    expect((await call('GET', `/api/v1/products/${lamp.id}`)).headers.get('x-cache')).toBe('HIT');

    const renamed = await call('PATCH', `/api/v1/products/${lamp.id}`, { name: 'Copper lamp' }, staff);
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get('surrogate-key')).toBeNull();
    const afterEdit = await call('GET', `/api/v1/products/${lamp.id}`);
    expect(afterEdit.body.name).toBe('Copper lamp');
    expect(afterEdit.headers.get('x-cache')).toBe('MISS');

    // By slug too: one purge drops every stored way to the product.
    await call('GET', `/api/v1/products/${lamp.slug}`);
    expect((await call('GET', `/api/v1/products/${lamp.slug}`)).headers.get('x-cache')).toBe('HIT');
    await call('PUT', `/api/v1/products/${lamp.id}/stock`, { stock_qty: 3 }, staff);
    expect((await call('GET', `/api/v1/products/${lamp.slug}`)).body.stock_qty).toBe(3);
    expect((await call('GET', `/api/v1/products/${lamp.id}`)).body.stock_qty).toBe(3);

    expect((await call('DELETE', `/api/v1/products/${lamp.id}`, undefined, staff)).status).toBe(204);
    expect((await call('GET', `/api/v1/products/${lamp.id}`)).status).toBe(404);
    expect((await call('GET', `/api/v1/products/${lamp.slug}`)).status).toBe(404);
  });

  it('shows stock a checkout took, a change catalog announces itself, on the next read', async () => {
    const lamp = await product({ stock_qty: 5 });
    await call('GET', `/api/v1/products/${lamp.id}`);
    expect((await call('GET', `/api/v1/products/${lamp.id}`)).headers.get('x-cache')).toBe('HIT');
    const email = `buyer-${uniqueSuffix()}@example.com`;
    await call('POST', '/api/v1/auth/register', { email, password: 'long enough password' });
    const session = await call('POST', '/api/v1/auth/login', { email, password: 'long enough password' });
    const order = await call(
      'POST',
      '/api/v1/orders',
      { items: [{ product_id: lamp.id, quantity: 2 }], payment: { card_number: '4242 4242 4242 4242' } },
      session.body.access_token,
      { 'idempotency-key': randomUUID() },
    );
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const after = await call('GET', `/api/v1/products/${lamp.id}`);
    expect(after.body.stock_qty).toBe(3);
    expect(after.headers.get('x-cache')).toBe('MISS');
  });

  it('never stores what only staff may see', async () => {
    const hidden = await product({ active: false });
    const asStaff = await call('GET', `/api/v1/products/${hidden.id}`, undefined, staff);
    expect(asStaff.status).toBe(200);
    expect(
      (await call('GET', `/api/v1/products/${hidden.id}`, undefined, staff)).headers.get('x-cache'),
    ).toBeNull();
    expect((await call('GET', `/api/v1/products/${hidden.id}`)).status).toBe(404);
  });

  it("keeps a product's public reviews, shows every review change on the next read, and never stores staff's", async () => {
    const lamp = await product();
    const reviews = (token?: string, query = '') =>
      call('GET', `/api/v1/products/${lamp.id}/reviews${query}`, undefined, token);
    expect((await reviews()).headers.get('x-cache')).toBe('MISS');
    const empty = await reviews();
    expect(empty.headers.get('x-cache')).toBe('HIT');
    expect(empty.body.items).toEqual([]);

    const email = `critic-${uniqueSuffix()}@example.com`;
    await call('POST', '/api/v1/auth/register', { email, password: 'long enough password' });
    const session = await call('POST', '/api/v1/auth/login', { email, password: 'long enough password' });
    const posted = await call(
      'POST',
      `/api/v1/products/${lamp.id}/reviews`,
      { rating: 2, title: 'Too dim', body: '<b>dim</b>' },
      session.body.access_token,
    );
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const afterPost = await reviews();
    expect(afterPost.headers.get('x-cache')).toBe('MISS');
    expect(afterPost.body.items.map((each: Json) => each.title)).toEqual(['Too dim']);
    expect((await reviews(session.body.access_token)).headers.get('x-cache')).toBe('HIT');

    const edited = await call(
      'PATCH',
      `/api/v1/reviews/${posted.body.id}`,
      { title: 'Dim but fine' },
      session.body.access_token,
    );
    expect(edited.status).toBe(200);
    expect((await reviews()).body.items[0].title).toBe('Dim but fine');

    // Hidden by a moderator: gone from the public page at once; staff's own views are never stored.
    await call('PATCH', `/api/v1/reviews/${posted.body.id}`, { status: 'hidden' }, staff);
    expect((await reviews()).body.items).toEqual([]);
    for (let i = 0; i < 2; i++) {
      const all = await reviews(staff, '?status=all');
      expect(all.body.items).toHaveLength(1);
      expect(all.headers.get('x-cache')).toBeNull();
    }
    expect((await reviews(undefined, '?status=all')).status).toBe(401);
  });

  it('reports the reads it answered to catalog, so they count as views in search popularity', async () => {
    const once = await product({ name: `Seen once ${uniqueSuffix()}` });
    const often = await product({ name: `Seen often ${uniqueSuffix()}` });
    await call('GET', `/api/v1/products/${once.id}`);
    for (let i = 0; i < 10; i++) await call('GET', `/api/v1/products/${often.id}`);
    // Search caches its results (popularity in them lags by the result TTL): each poll asks a new page size.
    let poll = 0;
    const popularity = async (id: string, name: string) => {
      poll++;
      const query = `q=${encodeURIComponent(name)}&category=${category}&limit=${10 + (poll % 90)}`;
      const found = await call('GET', `/api/v1/search?${query}`);
      return (found.body.items as Json[] | undefined)?.find((hit) => hit.id === id)?.popularity as
        number | undefined;
    };
    await eventually(
      async () => [await popularity(once.id, once.name), await popularity(often.id, often.name)],
      ([a, b]) => a !== undefined && b !== undefined && a > 0 && b > a,
      'the cached reads to raise popularity',
    );
  });
  describe("a caller's own GET /me", () => {
    const password = 'long enough password';
    async function shopper(): Promise<{ id: string; email: string; token: string }> {
      const email = `me-${uniqueSuffix()}@example.com`;
      const registered = await call('POST', '/api/v1/auth/register', { email, password, name: 'First' });
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      const session = await call('POST', '/api/v1/auth/login', { email, password });
      return { id: registered.body.id as string, email, token: session.body.access_token as string };
    }
    const me = (token?: string) => call('GET', '/api/v1/me', undefined, token);

    it('is answered by the gateway for that caller only, and never without their token', async () => {
      const [ann, bob] = [await shopper(), await shopper()];
      const first = await me(ann.token);
      const again = await me(ann.token);
      expect(first.headers.get('x-cache')).toBe('MISS');
      expect(again.headers.get('x-cache')).toBe('HIT');
      expect(again.body).toEqual(first.body);
      expect(again.body.email).toBe(ann.email);
      expect(again.headers.get('surrogate-key')).toBeNull();
      // Vary names both what the upstream's answer depends on and what the gateway's CORS answer does.
      const fromBrowser = await call('GET', '/api/v1/me', undefined, ann.token, { origin: 'https://a.test' });
      expect(fromBrowser.headers.get('x-cache')).toBe('HIT');
      const vary = fromBrowser.headers
        .get('vary')
        ?.toLowerCase()
        .split(/\s*,\s*/);
      expect(vary).toEqual(expect.arrayContaining(['origin', 'authorization']));

      // Another caller on the same URL gets their own answer, and nobody gets one without a valid token.
      const other = await me(bob.token);
      expect(other.headers.get('x-cache')).toBe('MISS');
      expect(other.body.email).toBe(bob.email);
      expect((await me()).status).toBe(401);
      expect((await me('not.a.token')).status).toBe(401);
      const tampered = `${ann.token.slice(0, -4)}AAAA`;
      expect((await me(tampered)).status).toBe(401);
      // Credentials the gateway does not verify (another scheme) are never answered from the store.
      const basic = { authorization: `Basic ${Buffer.from(`${ann.email}:${password}`).toString('base64')}` };
      for (let i = 0; i < 2; i++) {
        const answer = await call('GET', '/api/v1/me', undefined, undefined, basic);
        expect(answer.status).toBe(401);
        expect(answer.headers.get('x-cache')).toBeNull();
      }
    });

    it('shows a change made through the gateway on the very next read', async () => {
      const ann = await shopper();
      await me(ann.token);
      expect((await me(ann.token)).headers.get('x-cache')).toBe('HIT');
      const renamed = await call('PATCH', '/api/v1/me', { name: 'Second' }, ann.token);
      expect(renamed.status).toBe(200);
      expect(renamed.headers.get('surrogate-key')).toBeNull();
      const after = await me(ann.token);
      expect(after.body.name).toBe('Second');
      expect(after.headers.get('x-cache')).toBe('MISS');
    });

    it('shows a change identity announces (made without this gateway) on the next reads', async () => {
      const ann = await shopper();
      await me(ann.token);
      expect((await me(ann.token)).headers.get('x-cache')).toBe('HIT');
      const direct = await fetch(`${platform.serviceUrl('identity')}/api/v1/me`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ann.token}` },
        body: JSON.stringify({ name: 'Changed behind the gateway' }),
      });
      expect(direct.status).toBe(200);
      await eventually(
        () => me(ann.token),
        (answer) => answer.body.name === 'Changed behind the gateway',
        'the purge to reach the gateway',
      );
    });

    it('stops answering a signed-out or deactivated caller at once', async () => {
      const [ann, bob] = [await shopper(), await shopper()];
      for (const user of [ann, bob]) {
        await me(user.token);
        expect((await me(user.token)).headers.get('x-cache')).toBe('HIT');
      }
      expect((await call('POST', '/api/v1/auth/logout', {}, ann.token)).status).toBeLessThan(300);
      expect((await me(ann.token)).status).toBe(401);

      const deactivated = await call('PATCH', `/api/v1/users/${bob.id}`, { active: false }, staff);
      expect(deactivated.status, JSON.stringify(deactivated.body)).toBe(200);
      expect((await me(bob.token)).status).toBe(401);
    });
  });
});
