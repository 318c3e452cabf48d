import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyEnvelope } from '@bodega/contracts';
import { databaseBackends } from '@bodega/testing';
import { API, call, expectError, productInput, type ProductJson, createCategory } from './support/api.js';
import { startCatalog, type CatalogUnderTest } from './support/catalog.js';
import type { TestUser as User } from '@bodega/testing';

interface ReviewJson {
  id: string;
  product_id: string;
  author: { id: string; name: string | null };
  rating: number;
  title: string;
  body: string;
  status: 'visible' | 'hidden';
}

describe.each(databaseBackends())('reviews on $name', (backend) => {
  let catalog: CatalogUnderTest;
  let manager: User;
  let category: string;

  async function newProduct() {
    const response = await call(catalog.app, {
      method: 'POST',
      url: `${API}/products`,
      token: manager.token,
      body: productInput(category),
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<ProductJson>();
  }
  const post = (productId: string, body: unknown, token?: string) =>
    call(catalog.app, { method: 'POST', url: `${API}/products/${productId}/reviews`, body, token });
  const patch = (reviewId: string, body: unknown, token?: string) =>
    call(catalog.app, { method: 'PATCH', url: `${API}/reviews/${reviewId}`, body, token });
  const remove = (reviewId: string, token?: string) =>
    call(catalog.app, { method: 'DELETE', url: `${API}/reviews/${reviewId}`, token });
  const list = (productId: string, query = '', token?: string) =>
    call(catalog.app, { method: 'GET', url: `${API}/products/${productId}/reviews${query}`, token });
  const ratingOf = async (productId: string) =>
    (await call(catalog.app, { method: 'GET', url: `${API}/products/${productId}` })).json().rating;
  async function review(productId: string, author: User, rating = 5) {
    const response = await post(productId, { rating, title: `Rated ${rating}`, body: 'Text' }, author.token);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<ReviewJson>();
  }

  beforeAll(async () => {
    catalog = await startCatalog(backend);
    manager = await catalog.identity.user('manager');
    category = await createCategory(catalog.app, manager.token, 'rev', 'Reviews');
  });
  afterAll(async () => {
    await catalog.close();
  });

  it('posts a review (201), stored verbatim, and updates the product rating', async () => {
    const product = await newProduct();
    const author = await catalog.identity.user('customer');
    const body = '<script>alert("x")</script> & "quotes" \u{1F600}';
    const response = await post(product.id, { rating: 4, title: '<b>Nice</b>', body }, author.token);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      product_id: product.id,
      author: { id: author.id, name: null },
      rating: 4,
      title: '<b>Nice</b>',
      body,
      status: 'visible',
      created_at: expect.stringMatching(/Z$/),
      updated_at: expect.stringMatching(/Z$/),
    });
    await review(product.id, await catalog.identity.user('customer'), 5);
    await review(product.id, await catalog.identity.user('customer'), 5);
    expect(await ratingOf(product.id)).toEqual({ average: 4.7, count: 3 });
  });

  it('allows one live review per author and product (409), and another after deleting it', async () => {
    const product = await newProduct();
    const author = await catalog.identity.user('customer');
    const first = await review(product.id, author);
    expectError(await post(product.id, { rating: 3, title: 'Again' }, author.token), 409, 'REVIEW_EXISTS');
    expect((await remove(first.id, author.token)).statusCode).toBe(204);
    await review(product.id, author, 2);
    expect(await ratingOf(product.id)).toEqual({ average: 2, count: 1 });
  });

  it('needs a signed-in caller (401) and valid input (400)', async () => {
    const product = await newProduct();
    const author = await catalog.identity.user('customer');
    expectError(await post(product.id, { rating: 5, title: 'Anon' }), 401, 'AUTHENTICATION_REQUIRED');
    for (const bad of [
      { rating: 0, title: 'Zero' },
      { rating: 6, title: 'Six' },
      { rating: 4.5, title: 'Half' },
      { rating: '5', title: 'Text' },
      { rating: 5, title: '' },
      { rating: 5, title: 't'.repeat(201) },
      { rating: 5, title: 'Long', body: 'b'.repeat(5001) },
      { rating: 5, title: 'Extra', status: 'hidden' },
    ]) {
      expectError(await post(product.id, bad, author.token), 400, 'VALIDATION_ERROR');
    }
    expectError(
      await post('0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b', { rating: 5, title: 'Ghost' }, author.token),
      404,
      'PRODUCT_NOT_FOUND',
    );
  });

  it('lets the author edit, others not (403), and recomputes the rating', async () => {
    const product = await newProduct();
    const author = await catalog.identity.user('customer');
    const stranger = await catalog.identity.user('customer');
    const mine = await review(product.id, author, 5);
    const edited = await patch(mine.id, { rating: 1, body: 'Broke after a week' }, author.token);
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ rating: 1, body: 'Broke after a week', title: 'Rated 5' });
    expect(await ratingOf(product.id)).toEqual({ average: 1, count: 1 });
    expectError(await patch(mine.id, { rating: 5 }, stranger.token), 403, 'FORBIDDEN');
    expectError(await patch(mine.id, { status: 'hidden' }, author.token), 403, 'FORBIDDEN');
    expectError(await patch(mine.id, { rating: 5 }, manager.token), 403, 'FORBIDDEN');
    expectError(await patch(mine.id, { rating: 5 }), 401, 'AUTHENTICATION_REQUIRED');
    expectError(await remove(mine.id, stranger.token), 403, 'FORBIDDEN');
    expectError(await patch('not-a-uuid', { rating: 5 }, author.token), 400, 'INVALID_REVIEW_ID');
    expectError(
      await patch('0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b', { rating: 5 }, author.token),
      404,
      'REVIEW_NOT_FOUND',
    );
  });

  it('moderation hides a review from the public list and the rating, and restores it', async () => {
    const product = await newProduct();
    const low = await review(product.id, await catalog.identity.user('customer'), 1);
    await review(product.id, await catalog.identity.user('customer'), 5);
    expect(await ratingOf(product.id)).toEqual({ average: 3, count: 2 });

    const hidden = await patch(low.id, { status: 'hidden' }, manager.token);
    expect(hidden.json()).toMatchObject({ status: 'hidden' });
    expect(await ratingOf(product.id)).toEqual({ average: 5, count: 1 });
    const publicList = (await list(product.id)).json();
    expect(publicList.items.map((r: ReviewJson) => r.id)).not.toContain(low.id);
    const all = (await list(product.id, '?status=all', manager.token)).json();
    expect(all.items.map((r: ReviewJson) => r.id)).toContain(low.id);
    // Anonymous callers are asked to sign in; signed-in customers are refused.
    expectError(await list(product.id, '?status=all'), 401, 'AUTHENTICATION_REQUIRED');
    expectError(
      await list(product.id, '?status=all', (await catalog.identity.user('customer')).token),
      403,
      'FORBIDDEN',
    );

    await patch(low.id, { status: 'visible' }, manager.token);
    expect(await ratingOf(product.id)).toEqual({ average: 3, count: 2 });
    // A moderator deletes; the rating follows.
    expect((await remove(low.id, manager.token)).statusCode).toBe(204);
    expect(await ratingOf(product.id)).toEqual({ average: 5, count: 1 });
    expectError(await remove(low.id, manager.token), 404, 'REVIEW_NOT_FOUND');
  });

  it('lets the gateway keep what everybody sees under the product tag, never what only staff see', async () => {
    const product = await newProduct();
    await review(product.id, await catalog.identity.user('customer'), 4);
    const publicPage = await list(product.id, '?limit=5');
    expect(publicPage.statusCode).toBe(200);
    expect(publicPage.headers['surrogate-control']).toMatch(/^max-age=\d+$/);
    expect(publicPage.headers['surrogate-key']).toBe(`product:${product.id}`);
    // By slug too: tagged with the id, which every purge names.
    expect((await list(product.slug)).headers['surrogate-key']).toBe(`product:${product.id}`);
    for (const staffOnly of ['?status=all', '?status=hidden']) {
      const page = await list(product.id, staffOnly, manager.token);
      expect(page.statusCode).toBe(200);
      expect(page.headers['surrogate-control']).toBeUndefined();
    }
    const inactive = await call(catalog.app, {
      method: 'POST',
      url: `${API}/products`,
      token: manager.token,
      body: { ...productInput(category), active: false },
    });
    expect(inactive.statusCode, inactive.body).toBe(201);
    const asStaff = await list(inactive.json<ProductJson>().id, '', manager.token);
    expect(asStaff.statusCode).toBe(200);
    expect(asStaff.headers['surrogate-control']).toBeUndefined();
    expectError(await list(inactive.json<ProductJson>().id), 404, 'PRODUCT_NOT_FOUND');
  });

  it('lists reviews newest first, a page at a time', async () => {
    const product = await newProduct();
    const written: string[] = [];
    for (let n = 0; n < 5; n++)
      written.push((await review(product.id, await catalog.identity.user('customer'))).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await list(product.slug, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json<{ items: ReviewJson[]; next_cursor: string | null }>();
      seen.push(...page.items.map((r) => r.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...written].reverse());
    expectError(await list(product.id, '?cursor=bogus'), 400, 'INVALID_CURSOR');
    expectError(await list(product.id, '?limit=101'), 400, 'VALIDATION_ERROR');
  });

  it('announces review changes and the new product rating through the outbox', async () => {
    const product = await newProduct();
    const author = await catalog.identity.user('customer');
    const mine = await review(product.id, author, 4);
    await patch(mine.id, { status: 'hidden' }, manager.token);
    await remove(mine.id, author.token);
    const rows = await catalog.database.query<{ envelope: AnyEnvelope }>(
      `select envelope from catalog.outbox where envelope->'data'->>'product_id' = $1 order by created_at, id`,
      [product.id],
    );
    const events = rows.map((row) => row.envelope);
    expect(events.filter((e) => e.type.startsWith('catalog.review.')).map((e) => [e.type, e.data])).toEqual([
      [
        'catalog.review.created',
        expect.objectContaining({
          review_id: mine.id,
          author_id: author.id,
          rating: 4,
          status: 'visible',
          product_rating: { average: 4, count: 1 },
        }),
      ],
      [
        'catalog.review.updated',
        expect.objectContaining({ status: 'hidden', product_rating: { average: 0, count: 0 } }),
      ],
      ['catalog.review.deleted', expect.objectContaining({ product_rating: { average: 0, count: 0 } })],
    ]);
    const ratings = events
      .filter((e) => e.type === 'catalog.product.updated')
      .map((e) => (e.data as { rating: unknown }).rating);
    expect(ratings).toEqual([
      { average: 0, count: 0 },
      { average: 4, count: 1 },
      { average: 0, count: 0 },
      { average: 0, count: 0 },
    ]);
  });
});
