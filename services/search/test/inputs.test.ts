import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@bodega/testing';
import { expectError, get, searchFor } from './support/api.js';
import { handled, product, productUpdated } from './support/events.js';
import { startSearch, type SearchUnderTest } from './support/search.js';

describe.each(databaseBackends())('bad input to search on $name', (backend) => {
  let search: SearchUnderTest;
  beforeAll(async () => {
    search = await startSearch(backend);
    const event = productUpdated(product({ name: "O'Brien Mug", description: 'Holds 300 ml' }));
    await search.bus.publish(event);
    await handled(search.database, event);
  });
  afterAll(async () => {
    await search.close();
  });

  it('treats tsquery and SQL syntax as plain text: 200, never 500', async () => {
    const nasty = [
      "'",
      '&',
      '|',
      '!',
      ':*',
      '(',
      ')',
      '\\',
      "' & | ! : * ( ) \\",
      "o'brien",
      "x'); drop table search.documents; --",
      'mug & !',
      'mug:* | (',
      '<->',
      '%',
      '_',
      '日本語',
      '🙂',
    ];
    for (const q of nasty) {
      const response = await get(search.app, '/search', { q });
      expect(response.statusCode, `${q}: ${response.body}`).toBe(200);
    }
    // U+0000, which no PostgreSQL text holds, is refused as input everywhere (the kit's validation).
    expectError(await get(search.app, '/search', { q: 'mug\u0000' }), 400, 'VALIDATION_ERROR');
    expect((await searchFor(search.app, { q: "o'brien mug" })).items[0]?.name).toBe("O'Brien Mug");
    expect((await searchFor(search.app, { q: 'mug & !' })).items[0]?.name).toBe("O'Brien Mug");
  });

  it('refuses a query over 200 characters, a bad limit, a bad sort, and odd filters with 400', async () => {
    expectError(await get(search.app, '/search', { q: 'a'.repeat(201) }), 400, 'VALIDATION_ERROR');
    expect((await get(search.app, '/search', { q: 'a'.repeat(200) })).statusCode).toBe(200);
    for (const limit of ['0', '101', '-1', 'ten', '1000000'])
      expectError(await get(search.app, '/search', { limit }), 400, 'VALIDATION_ERROR');
    expectError(await get(search.app, '/search', { sort: 'name; drop' }), 400, 'VALIDATION_ERROR');
    expectError(
      await get(search.app, '/search', { min_price: 500, max_price: 100 }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(await get(search.app, '/search', { min_price: -1 }), 400, 'VALIDATION_ERROR');
    expectError(await get(search.app, '/search', { max_price: 'cheap' }), 400, 'VALIDATION_ERROR');
    expectError(await get(search.app, '/search', { in_stock: 'maybe' }), 400, 'VALIDATION_ERROR');
    expectError(await get(search.app, '/search', { unknown: 'x' }), 400, 'VALIDATION_ERROR');
    const repeated = await search.app.inject({ method: 'GET', url: '/api/v1/search?q=a&q=b' });
    expectError(repeated, 400, 'VALIDATION_ERROR');
  });

  it('refuses a forged, tampered or foreign cursor with 400', async () => {
    for (const cursor of ['abc', 'eyJvIjoxMH0.forged', "' or 1=1 --", 'x'.repeat(600)])
      expectError(await get(search.app, '/search', { cursor }), 400, 'VALIDATION_ERROR');
    for (let i = 0; i < 3; i += 1) {
      const event = productUpdated(product({ name: `Cursor Cup ${i}` }));
      await search.bus.publish(event);
      await handled(search.database, event);
    }
    const first = await searchFor(search.app, { q: 'cursor cup', limit: 1 });
    const cursor = first.next_cursor!;
    expect(cursor).toEqual(expect.any(String));
    expect((await get(search.app, '/search', { q: 'cursor cup', limit: 1, cursor })).statusCode).toBe(200);
    // Another query cannot borrow it.
    expectError(await get(search.app, '/search', { q: 'mug', cursor }), 400, 'VALIDATION_ERROR');
    // Changing one character of the payload breaks the signature.
    const [body, signature] = cursor.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString()) as { o: number };
    const forged = Buffer.from(JSON.stringify({ ...payload, o: 2 })).toString('base64url');
    expectError(
      await get(search.app, '/search', { q: 'cursor cup', limit: 1, cursor: `${forged}.${signature}` }),
      400,
      'VALIDATION_ERROR',
    );
  });

  it('refuses non-UUID ids and bad limits on recommendations with 400', async () => {
    expectError(await get(search.app, '/recommendations', { product_id: 'abc' }), 400, 'VALIDATION_ERROR');
    expectError(
      await get(search.app, '/recommendations', { product_id: "1' or '1'='1" }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(await get(search.app, '/recommendations', { customer_id: '42' }), 400, 'VALIDATION_ERROR');
    expectError(await get(search.app, '/recommendations', { limit: 51 }), 400, 'VALIDATION_ERROR');
    expectError(await get(search.app, '/recommendations', { limit: 0 }), 400, 'VALIDATION_ERROR');
  });

  it('answers health and readiness', async () => {
    expect((await search.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const ready = await search.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toMatchObject({
      status: 'ready',
      checks: { database: 'ok', cache: 'ok', bus: 'ok' },
    });
  });
});
