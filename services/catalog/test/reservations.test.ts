import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@bodega/db';
import { databaseBackends, uniqueSuffix, type TestUser } from '@bodega/testing';
import { API, call, expectError } from './support/api.js';
import { startCatalog, type CatalogUnderTest } from './support/catalog.js';
import {
  announcedStock,
  hold,
  internal,
  productWithStock,
  reservationsCounted,
  statusOf,
  stockOf,
  sweepAt,
} from './support/internal.js';

const HOUR_MS = 3_600_000;

describe.each(databaseBackends())('stock reservations on $name', (backend) => {
  let catalog: CatalogUnderTest;
  let manager: TestUser;
  let category: string;

  const product = (stockQty: number, overrides: Record<string, unknown> = {}) =>
    productWithStock(catalog, manager, category, stockQty, overrides);
  const reserve = (body: unknown) => internal(catalog, 'POST', '/internal/reservations', body);
  const act = (id: string, action: 'commit' | 'release' | 'return') =>
    internal(catalog, 'POST', `/internal/reservations/${id}/${action}`);
  const read = (id: string) => internal(catalog, 'GET', `/internal/reservations/${id}`);

  beforeAll(async () => {
    // The app's own sweeper stays out of the way: these tests sweep with their own clock.
    catalog = await startCatalog(backend, { env: { RESERVATION_SWEEP_INTERVAL_MS: '3600000' } });
    manager = await catalog.identity.user('manager');
    category = `holds-${uniqueSuffix()}`;
    const response = await call(catalog.app, {
      method: 'POST',
      url: `${API}/categories`,
      token: manager.token,
      body: { slug: category, name: 'Holds' },
    });
    expect(response.statusCode, response.body).toBe(201);
  });
  afterAll(async () => {
    await catalog.close();
  });

  describe('taking a hold', () => {
    it('when 200 checkouts race for 20 units, exactly 20 get one and the stock ends at 0, never below', async () => {
      const item = await product(20);
      const responses = await Promise.all(
        Array.from({ length: 200 }, () =>
          reserve({ reservation_id: newId(), items: [{ product_id: item.id, quantity: 1 }] }),
        ),
      );
      const statuses = responses.map((response) => response.statusCode);
      expect(statuses.filter((status) => status === 201)).toHaveLength(20);
      expect(statuses.filter((status) => status === 409)).toHaveLength(180);
      for (const refused of responses.filter((response) => response.statusCode === 409)) {
        expect(expectError(refused, 409, 'OUT_OF_STOCK').details).toEqual({
          product_id: item.id,
          requested: 1,
          available: 0,
        });
      }
      expect(await stockOf(catalog, item.id)).toBe(0);
      const [held] = await catalog.database.query<{ n: number }>(
        `select count(*)::int as n from catalog.reservation_items i
           join catalog.reservations r on r.id = i.reservation_id
          where i.product_id = $1 and r.status = 'held'`,
        [item.id],
      );
      expect(held?.n).toBe(20);
      // Every unit taken was announced once, each with the stock it left: 19 down to 0, none below.
      const announced = await announcedStock(catalog, item.id);
      expect(announced[0]).toBe(20);
      expect(announced.slice(1).sort((a, b) => b - a)).toEqual(Array.from({ length: 20 }, (_, i) => 19 - i));
    });

    it('answers 201 with the reservation in the contract shape, lines in product-id order', async () => {
      const [first, second] = [await product(5), await product(5)];
      const id = newId();
      const response = await reserve({
        reservation_id: id,
        items: [
          { product_id: second.id, quantity: 2 },
          { product_id: first.id, quantity: 1 },
        ],
      });
      expect(response.statusCode, response.body).toBe(201);
      const reservation = response.json();
      expect(reservation).toEqual({
        reservation_id: id,
        status: 'held',
        items: [
          { product_id: first.id, quantity: 1 },
          { product_id: second.id, quantity: 2 },
        ],
        expires_at: expect.stringMatching(/Z$/),
        created_at: expect.stringMatching(/Z$/),
        updated_at: reservation.created_at,
      });
      // The default lifetime is RESERVATION_TTL_SECONDS (600).
      expect(Date.parse(reservation.expires_at) - Date.parse(reservation.created_at)).toBe(600_000);
      expect((await read(id)).json()).toEqual(reservation);
      expect([await stockOf(catalog, first.id), await stockOf(catalog, second.id)]).toEqual([4, 3]);
    });

    it('lasts ttl_seconds when the caller names it', async () => {
      const item = await product(1);
      const reservation = await hold(catalog, newId(), [{ product_id: item.id, quantity: 1 }], 30);
      expect(Date.parse(reservation.expires_at) - Date.parse(reservation.created_at)).toBe(30_000);
    });

    it('takes nothing when one line is short: all lines or none', async () => {
      const [plenty, scarce] = [await product(10), await product(2)];
      const id = newId();
      const response = await reserve({
        reservation_id: id,
        items: [
          { product_id: plenty.id, quantity: 3 },
          { product_id: scarce.id, quantity: 3 },
        ],
      });
      expect(expectError(response, 409, 'OUT_OF_STOCK').details).toEqual({
        product_id: scarce.id,
        requested: 3,
        available: 2,
      });
      expect(await stockOf(catalog, plenty.id)).toBe(10);
      expect(await stockOf(catalog, scarce.id)).toBe(2);
      expect(await announcedStock(catalog, plenty.id)).toEqual([10]);
      expectError(await read(id), 404, 'RESERVATION_NOT_FOUND');
      // The id was not used up: the same order may try again once the stock is there.
      await call(catalog.app, {
        method: 'PUT',
        url: `${API}/products/${scarce.id}/stock`,
        token: manager.token,
        body: { stock_qty: 3 },
      });
      await hold(catalog, id, [
        { product_id: plenty.id, quantity: 3 },
        { product_id: scarce.id, quantity: 3 },
      ]);
      expect([await stockOf(catalog, plenty.id), await stockOf(catalog, scarce.id)]).toEqual([7, 0]);
    });

    it('refuses products that cannot be bought with 422 PRODUCT_UNAVAILABLE, taking nothing', async () => {
      const available = await product(5);
      const inactive = await product(5, { active: false });
      const deleted = await product(5);
      await call(catalog.app, {
        method: 'DELETE',
        url: `${API}/products/${deleted.id}`,
        token: manager.token,
      });
      const unknown = newId();
      for (const productId of [inactive.id, deleted.id, unknown]) {
        const response = await reserve({
          reservation_id: newId(),
          items: [
            { product_id: available.id, quantity: 1 },
            { product_id: productId, quantity: 1 },
          ],
        });
        expect(expectError(response, 422, 'PRODUCT_UNAVAILABLE').details).toEqual({ product_id: productId });
      }
      expect(await stockOf(catalog, available.id)).toBe(5);
      expect(await stockOf(catalog, inactive.id)).toBe(5);
    });

    it('answers a retry with the hold it already made (200), taking the stock once, even when retries race', async () => {
      const item = await product(10);
      const body = { reservation_id: newId(), items: [{ product_id: item.id, quantity: 4 }] };
      const responses = await Promise.all([reserve(body), reserve(body), reserve(body), reserve(body)]);
      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 200, 200, 201]);
      const first = responses[0].json();
      for (const response of responses) expect(response.json()).toEqual(first);
      expect(await stockOf(catalog, item.id)).toBe(6);
      const again = await reserve({ ...body, ttl_seconds: 5 });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first);
      expect(await announcedStock(catalog, item.id)).toEqual([10, 6]);
    });

    it('answers 409 RESERVATION_MISMATCH when the id exists with other items', async () => {
      const [item, other] = [await product(10), await product(10)];
      const id = newId();
      await hold(catalog, id, [{ product_id: item.id, quantity: 2 }]);
      for (const items of [
        [{ product_id: item.id, quantity: 3 }],
        [{ product_id: other.id, quantity: 2 }],
        [
          { product_id: item.id, quantity: 2 },
          { product_id: other.id, quantity: 1 },
        ],
      ]) {
        const response = await reserve({ reservation_id: id, items });
        expect(expectError(response, 409, 'RESERVATION_MISMATCH').details).toEqual({ reservation_id: id });
      }
      expect([await stockOf(catalog, item.id), await stockOf(catalog, other.id)]).toEqual([8, 10]);
    });

    it('rejects malformed holds with 400 in the standard body, taking nothing', async () => {
      const item = await product(10);
      const line = { product_id: item.id, quantity: 1 };
      const bodies: unknown[] = [
        {},
        { reservation_id: 'not-a-uuid', items: [line] },
        { reservation_id: newId(), items: [] },
        { reservation_id: newId(), items: [{ ...line, quantity: 0 }] },
        { reservation_id: newId(), items: [{ ...line, quantity: 1.5 }] },
        { reservation_id: newId(), items: [{ ...line, quantity: '1' }] },
        { reservation_id: newId(), items: [{ product_id: 'nope', quantity: 1 }] },
        { reservation_id: newId(), items: [line], ttl_seconds: 0 },
        { reservation_id: newId(), items: [line], ttl_seconds: 3601 },
        { reservation_id: newId(), items: [line], ttl_second: 60 },
        {
          reservation_id: newId(),
          items: Array.from({ length: 101 }, () => ({ ...line, product_id: newId() })),
        },
      ];
      for (const body of bodies) expectError(await reserve(body), 400, 'VALIDATION_ERROR');
      const duplicate = await reserve({ reservation_id: newId(), items: [line, { ...line, quantity: 2 }] });
      expect(expectError(duplicate, 400, 'VALIDATION_ERROR').details).toEqual({
        location: 'body',
        issues: [{ field: 'items.1.product_id', message: 'appears more than once' }],
      });
      const malformed = await call(catalog.app, {
        method: 'POST',
        url: '/internal/reservations',
        body: '{"reservation_id":',
        headers: { 'x-service-token': await catalog.serviceToken() },
      });
      expectError(malformed, 400, 'MALFORMED_JSON');
      expect(await stockOf(catalog, item.id)).toBe(10);
    });
  });

  describe('commit, release and return', () => {
    it('commits a hold (the units are sold, stock unchanged) and answers the same when repeated', async () => {
      const item = await product(5);
      const id = newId();
      await hold(catalog, id, [{ product_id: item.id, quantity: 2 }]);
      const committed = await act(id, 'commit');
      expect(committed.statusCode, committed.body).toBe(200);
      expect(committed.json()).toMatchObject({ reservation_id: id, status: 'committed' });
      expect(await stockOf(catalog, item.id)).toBe(3);
      const again = await act(id, 'commit');
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(committed.json());
      expectError(await act(id, 'release'), 409, 'RESERVATION_COMMITTED');
      expect(await announcedStock(catalog, item.id)).toEqual([5, 3]);
    });

    it('returns a committed reservation: its units go back on sale, once', async () => {
      const item = await product(5);
      const id = newId();
      await hold(catalog, id, [{ product_id: item.id, quantity: 2 }]);
      await act(id, 'commit');
      const returned = await act(id, 'return');
      expect(returned.statusCode, returned.body).toBe(200);
      expect(returned.json().status).toBe('returned');
      expect(await stockOf(catalog, item.id)).toBe(5);
      expect((await act(id, 'return')).json()).toEqual(returned.json());
      expect(await stockOf(catalog, item.id)).toBe(5);
      expectError(await act(id, 'commit'), 409, 'RESERVATION_RETURNED');
      expectError(await act(id, 'release'), 409, 'RESERVATION_RETURNED');
      expect(await announcedStock(catalog, item.id)).toEqual([5, 3, 5]);
    });

    it('releases a hold: its units go back on sale, once; a released hold cannot be returned', async () => {
      const item = await product(5);
      const id = newId();
      await hold(catalog, id, [{ product_id: item.id, quantity: 4 }]);
      expectError(await act(id, 'return'), 409, 'RESERVATION_NOT_COMMITTED');
      const released = await act(id, 'release');
      expect(released.statusCode, released.body).toBe(200);
      expect(released.json().status).toBe('released');
      expect(await stockOf(catalog, item.id)).toBe(5);
      expect((await act(id, 'release')).json()).toEqual(released.json());
      expect(await stockOf(catalog, item.id)).toBe(5);
      expectError(await act(id, 'return'), 409, 'RESERVATION_NOT_COMMITTED');
      expect(await announcedStock(catalog, item.id)).toEqual([5, 1, 5]);
    });

    it('commits a released hold by taking its units again when they are still there', async () => {
      const item = await product(5);
      const id = newId();
      await hold(catalog, id, [{ product_id: item.id, quantity: 4 }]);
      await act(id, 'release');
      const committed = await act(id, 'commit');
      expect(committed.statusCode, committed.body).toBe(200);
      expect(committed.json().status).toBe('committed');
      expect(await stockOf(catalog, item.id)).toBe(1);
    });

    it('gives units back to a product deleted meanwhile, without announcing it again', async () => {
      const item = await product(5);
      const id = newId();
      await hold(catalog, id, [{ product_id: item.id, quantity: 2 }]);
      await call(catalog.app, { method: 'DELETE', url: `${API}/products/${item.id}`, token: manager.token });
      expect((await act(id, 'release')).json().status).toBe('released');
      expect(await stockOf(catalog, item.id)).toBe(5);
      // A product.updated newer than the deletion would bring the product back in read models.
      expect(await announcedStock(catalog, item.id)).toEqual([5, 3]);
    });

    it('answers 404 for an unknown reservation and 400 for an id that is not a UUID', async () => {
      const unknown = newId();
      expectError(await read(unknown), 404, 'RESERVATION_NOT_FOUND');
      for (const action of ['commit', 'release', 'return'] as const) {
        expectError(await act(unknown, action), 404, 'RESERVATION_NOT_FOUND');
        expectError(await act('not-a-uuid', action), 400, 'VALIDATION_ERROR');
      }
      expectError(await read('not-a-uuid'), 400, 'VALIDATION_ERROR');
    });
  });

  describe('expiry', () => {
    it('expires holds past their expiry (explicit clock), giving their units back, and leaves younger ones', async () => {
      const item = await product(10);
      const [short, long, sold] = [newId(), newId(), newId()];
      const shortHold = await hold(catalog, short, [{ product_id: item.id, quantity: 3 }], 60);
      await hold(catalog, long, [{ product_id: item.id, quantity: 2 }], 3_600);
      await hold(catalog, sold, [{ product_id: item.id, quantity: 1 }], 60);
      await act(sold, 'commit');
      expect(await stockOf(catalog, item.id)).toBe(4);

      const expired = await sweepAt(catalog, new Date(Date.parse(shortHold.expires_at) + 1_000));
      expect(expired).toBeGreaterThanOrEqual(1);
      expect([
        await statusOf(catalog, short),
        await statusOf(catalog, long),
        await statusOf(catalog, sold),
      ]).toEqual(['expired', 'held', 'committed']);
      expect(await stockOf(catalog, item.id)).toBe(7);
      expect((await read(short)).json().status).toBe('expired');
      expect(await announcedStock(catalog, item.id)).toEqual([10, 7, 5, 4, 7]);
      // Sweeping again finds nothing more to do for this product; releasing an expired hold is a no-op.
      await sweepAt(catalog, new Date(Date.parse(shortHold.expires_at) + 1_000));
      expect((await act(short, 'release')).json().status).toBe('expired');
      expect(await stockOf(catalog, item.id)).toBe(7);
    });

    it('expires many holds in small batches, one stock write per product and batch', async () => {
      const item = await product(10);
      const ids = Array.from({ length: 5 }, () => newId());
      let last = '';
      for (const id of ids)
        last = (await hold(catalog, id, [{ product_id: item.id, quantity: 1 }], 1)).expires_at;
      expect(await stockOf(catalog, item.id)).toBe(5);
      await sweepAt(catalog, new Date(Date.parse(last) + HOUR_MS));
      for (const id of ids) expect(await statusOf(catalog, id)).toBe('expired');
      expect(await stockOf(catalog, item.id)).toBe(10);
    });

    it('commits an expired hold by taking its units again, or answers 409 RESERVATION_EXPIRED when they are gone', async () => {
      const item = await product(3);
      const [lucky, unlucky] = [newId(), newId()];
      await hold(catalog, lucky, [{ product_id: item.id, quantity: 1 }], 1);
      const late = await hold(catalog, unlucky, [{ product_id: item.id, quantity: 2 }], 1);
      await sweepAt(catalog, new Date(Date.parse(late.expires_at) + HOUR_MS));
      expect(await stockOf(catalog, item.id)).toBe(3);

      const committed = await act(lucky, 'commit');
      expect(committed.statusCode, committed.body).toBe(200);
      expect(committed.json().status).toBe('committed');
      expect(await stockOf(catalog, item.id)).toBe(2);

      // Someone else buys what is left before the second checkout comes back.
      await hold(catalog, newId(), [{ product_id: item.id, quantity: 1 }]);
      const refused = await act(unlucky, 'commit');
      expect(expectError(refused, 409, 'RESERVATION_EXPIRED').details).toEqual({
        reason: 'out_of_stock',
        product_id: item.id,
        requested: 2,
        available: 1,
      });
      expect(await statusOf(catalog, unlucky)).toBe('expired');
      expect(await stockOf(catalog, item.id)).toBe(1);
    });

    it('refuses to commit an expired hold whose product can no longer be bought', async () => {
      const item = await product(3);
      const id = newId();
      const reservation = await hold(catalog, id, [{ product_id: item.id, quantity: 1 }], 1);
      await sweepAt(catalog, new Date(Date.parse(reservation.expires_at) + HOUR_MS));
      await call(catalog.app, {
        method: 'PATCH',
        url: `${API}/products/${item.id}`,
        token: manager.token,
        body: { active: false },
      });
      expect(expectError(await act(id, 'commit'), 409, 'RESERVATION_EXPIRED').details).toEqual({
        reason: 'unavailable',
        product_id: item.id,
      });
    });

    it('commits a hold past its expiry that the sweeper has not reached: its units never went back on sale', async () => {
      const item = await product(2);
      const id = newId();
      await hold(catalog, id, [{ product_id: item.id, quantity: 2 }]);
      await catalog.database.query(
        `update catalog.reservations set expires_at = now() - interval '1 hour' where id = $1`,
        [id],
      );
      const committed = await act(id, 'commit');
      expect(committed.statusCode, committed.body).toBe(200);
      expect(committed.json().status).toBe('committed');
      expect(await stockOf(catalog, item.id)).toBe(0);
      expect(await announcedStock(catalog, item.id)).toEqual([2, 0]);
    });
  });

  describe('metrics and access', () => {
    it('counts holds by outcome on /metrics', async () => {
      const item = await product(1);
      const before = {
        held: await reservationsCounted(catalog, 'held'),
        out_of_stock: await reservationsCounted(catalog, 'out_of_stock'),
        committed: await reservationsCounted(catalog, 'committed'),
        returned: await reservationsCounted(catalog, 'returned'),
        released: await reservationsCounted(catalog, 'released'),
      };
      const [sold, refused, second] = [newId(), newId(), newId()];
      await hold(catalog, sold, [{ product_id: item.id, quantity: 1 }]);
      await reserve({ reservation_id: refused, items: [{ product_id: item.id, quantity: 1 }] });
      await act(sold, 'commit');
      await act(sold, 'commit');
      await act(sold, 'return');
      await hold(catalog, second, [{ product_id: item.id, quantity: 1 }]);
      await act(second, 'release');
      expect({
        held: (await reservationsCounted(catalog, 'held')) - before.held,
        out_of_stock: (await reservationsCounted(catalog, 'out_of_stock')) - before.out_of_stock,
        committed: (await reservationsCounted(catalog, 'committed')) - before.committed,
        returned: (await reservationsCounted(catalog, 'returned')) - before.returned,
        released: (await reservationsCounted(catalog, 'released')) - before.released,
      }).toEqual({ held: 2, out_of_stock: 1, committed: 1, returned: 1, released: 1 });
    });

    it('refuses every reservation route without a valid service token (401)', async () => {
      const id = newId();
      const routes = [
        { method: 'POST' as const, url: '/internal/reservations', body: { reservation_id: id, items: [] } },
        { method: 'GET' as const, url: `/internal/reservations/${id}` },
        { method: 'POST' as const, url: `/internal/reservations/${id}/commit` },
        { method: 'POST' as const, url: `/internal/reservations/${id}/release` },
        { method: 'POST' as const, url: `/internal/reservations/${id}/return` },
      ];
      for (const route of routes) {
        expectError(await call(catalog.app, route), 401, 'AUTHENTICATION_REQUIRED');
        expectError(
          await call(catalog.app, { ...route, headers: { 'x-service-token': 'forged' } }),
          401,
          'INVALID_TOKEN',
        );
      }
    });

    it('lets orders alone hold, read, commit, release and return stock: any other service is 403', async () => {
      const item = await product(3);
      const id = newId();
      const routes = [
        {
          method: 'POST' as const,
          url: '/internal/reservations',
          body: { reservation_id: id, items: [{ product_id: item.id, quantity: 1 }] },
        },
        { method: 'GET' as const, url: `/internal/reservations/${id}` },
        { method: 'POST' as const, url: `/internal/reservations/${id}/commit` },
        { method: 'POST' as const, url: `/internal/reservations/${id}/return` },
        { method: 'POST' as const, url: `/internal/reservations/${id}/release` },
      ];
      // A gateway or analytics taken over still holds a valid key of its own: not enough here.
      for (const caller of ['gateway', 'analytics', 'search', 'cli'] as const) {
        for (const route of routes) {
          const answer = await call(catalog.app, {
            ...route,
            headers: { 'x-service-token': await catalog.serviceToken(caller) },
          });
          expectError(answer, 403, 'SERVICE_NOT_ALLOWED');
        }
      }
      expect(await stockOf(catalog, item.id)).toBe(3);
      // Orders may: hold, read, commit, return (the sold units back), then release is refused as a
      // business answer (409), not as a caller.
      const answers = [];
      for (const route of routes)
        answers.push((await internal(catalog, route.method, route.url, route.body)).statusCode);
      expect(answers).toEqual([201, 200, 200, 200, 409]);
    });
  });
});

describe.each(databaseBackends())('the expiry sweeper of a running catalog on $name', (backend) => {
  it('gives the units of a lapsed hold back by itself', async () => {
    const catalog = await startCatalog(backend, { env: { RESERVATION_SWEEP_INTERVAL_MS: '100' } });
    try {
      const manager = await catalog.identity.user('manager');
      const category = `sweep-${uniqueSuffix()}`;
      await call(catalog.app, {
        method: 'POST',
        url: `${API}/categories`,
        token: manager.token,
        body: { slug: category, name: 'Sweep' },
      });
      const item = await productWithStock(catalog, manager, category, 4);
      const id = newId();
      await hold(catalog, id, [{ product_id: item.id, quantity: 3 }]);
      // Lapsed already, rather than waiting for a TTL to run out.
      await catalog.database.query(
        `update catalog.reservations set expires_at = now() - interval '1 second' where id = $1`,
        [id],
      );
      await expect.poll(() => statusOf(catalog, id), { timeout: 10_000 }).toBe('expired');
      expect(await stockOf(catalog, item.id)).toBe(4);
      expect(await reservationsCounted(catalog, 'expired')).toBe(1);
    } finally {
      await catalog.close();
    }
  });
});
