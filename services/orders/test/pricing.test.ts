import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends, uniqueSuffix, type TestUser } from '@bodega/testing';
import { ensureDemoPromotions } from '../src/promotions/demo-promotions.js';
import { API, call, expectError, placeOrder } from './support/api.js';
import { startOrders, type OrdersUnderTest } from './support/orders.js';

const DAY = 86_400_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

describe.each(databaseBackends())('quotes and promotion codes on $name', (backend) => {
  let orders: OrdersUnderTest;
  let manager: TestUser;
  let customer: TestUser;

  const quote = (body: Record<string, unknown>, token?: string) =>
    call(orders.app, { method: 'POST', url: `${API}/pricing/quote`, body, token });
  const promotions = (method: 'GET' | 'POST' | 'PATCH', path = '', body?: unknown, token = manager.token) =>
    call(orders.app, { method, url: `${API}/promotions${path}`, token, body });
  /** A new code (unique), with these rules. */
  const newPromotion = async (rules: Record<string, unknown>) => {
    const code = `T${uniqueSuffix().toUpperCase().slice(-12)}`;
    const response = await promotions('POST', '', {
      code,
      description: `Test ${code}`,
      kind: 'percentage',
      value: 1_000,
      currency: 'USD',
      ...rules,
    });
    expect(response.statusCode, response.body).toBe(201);
    return code;
  };

  beforeAll(async () => {
    orders = await startOrders(backend);
    manager = await orders.identity.user('manager');
    customer = await orders.identity.user('customer');
  });
  afterAll(async () => {
    await orders.close();
  });

  describe('POST /pricing/quote', () => {
    it('prices lines at live catalog prices with tax by country and flat shipping, for anyone', async () => {
      const mug = orders.catalog.addProduct({ price: 1_999 });
      const response = await quote({ items: [{ product_id: mug.id, quantity: 2 }], country: 'ca' });
      expect(response.statusCode, response.body).toBe(200);
      // 3998, CA 5% = 199.9 -> 200, shipping 599.
      expect(response.json()).toEqual({
        lines: [
          {
            product_id: mug.id,
            quantity: 2,
            unit_price: { amount: 1_999, currency: 'USD' },
            line_total: { amount: 3_998, currency: 'USD' },
          },
        ],
        totals: {
          subtotal: { amount: 3_998, currency: 'USD' },
          discount: { amount: 0, currency: 'USD' },
          tax: { amount: 200, currency: 'USD' },
          shipping: { amount: 599, currency: 'USD' },
          total: { amount: 4_797, currency: 'USD' },
        },
        promotion: null,
        tax_rate_bps: 500,
      });
    });

    it('uses the default rate (0) for unknown or absent countries, and ships free from 50.00', async () => {
      const lamp = orders.catalog.addProduct({ price: 5_000 });
      for (const country of [undefined, 'ZZ']) {
        const response = await quote({
          items: [{ product_id: lamp.id, quantity: 1 }],
          ...(country ? { country } : {}),
        });
        expect(response.json()).toMatchObject({
          tax_rate_bps: 0,
          totals: { tax: { amount: 0 }, shipping: { amount: 0 }, total: { amount: 5_000 } },
        });
      }
    });

    it('applies percentage and fixed codes, typed in any case', async () => {
      const lamp = orders.catalog.addProduct({ price: 3_000 });
      const items = [{ product_id: lamp.id, quantity: 1 }];
      const percent = await newPromotion({ value: 2_500 });
      expect((await quote({ items, promo_code: percent.toLowerCase() })).json()).toMatchObject({
        totals: { discount: { amount: 750 } },
        promotion: { code: percent, description: `Test ${percent}` },
      });
      const fixed = await newPromotion({ kind: 'fixed', value: 500, min_subtotal: 2_500 });
      expect((await quote({ items, promo_code: fixed })).json().totals.discount.amount).toBe(500);
    });

    it('refuses codes that do not apply, each with its code: unknown, inactive, not started, expired, below the minimum', async () => {
      const mug = orders.catalog.addProduct({ price: 1_000 });
      const items = [{ product_id: mug.id, quantity: 1 }];
      expectError(await quote({ items, promo_code: 'NOPE-NOPE' }), 422, 'PROMO_NOT_FOUND');
      expectError(await quote({ items, promo_code: 'x' }), 422, 'PROMO_NOT_FOUND');
      expectError(
        await quote({ items, promo_code: await newPromotion({ active: false }) }),
        422,
        'PROMO_INACTIVE',
      );
      expectError(
        await quote({ items, promo_code: await newPromotion({ starts_at: iso(DAY) }) }),
        422,
        'PROMO_NOT_STARTED',
      );
      expectError(
        await quote({
          items,
          promo_code: await newPromotion({ starts_at: iso(-2 * DAY), ends_at: iso(-DAY) }),
        }),
        422,
        'PROMO_EXPIRED',
      );
      const minimum = expectError(
        await quote({
          items,
          promo_code: await newPromotion({ kind: 'fixed', value: 500, min_subtotal: 2_500 }),
        }),
        422,
        'PROMO_MIN_SUBTOTAL',
      );
      expect(minimum.details).toMatchObject({ min_subtotal: { amount: 2_500, currency: 'USD' } });
    });

    it('refuses an exhausted code, and a code the signed-in customer already used up (anonymous quotes cannot tell)', async () => {
      const mug = orders.catalog.addProduct({ price: 1_000, stock: 10 });
      const items = [{ product_id: mug.id, quantity: 1 }];
      const exhausted = await newPromotion({ max_uses: 1 });
      const perCustomer = await newPromotion({ max_uses_per_customer: 1 });
      for (const code of [exhausted, perCustomer]) {
        const placed = await placeOrder(orders.app, customer.token, { items, promo_code: code });
        expect(placed.statusCode, placed.body).toBe(201);
      }
      expectError(await quote({ items, promo_code: exhausted }), 422, 'PROMO_EXHAUSTED');
      expectError(await quote({ items, promo_code: perCustomer }, customer.token), 422, 'PROMO_ALREADY_USED');
      expect((await quote({ items, promo_code: perCustomer })).statusCode).toBe(200);
      const other = await orders.identity.user('customer');
      expect((await quote({ items, promo_code: perCustomer }, other.token)).statusCode).toBe(200);
      // The same limits hold at checkout.
      expectError(
        await placeOrder(orders.app, customer.token, { items, promo_code: perCustomer }),
        422,
        'PROMO_ALREADY_USED',
      );
    });

    it('refuses unknown or unbuyable products (422 PRODUCT_UNAVAILABLE) and malformed bodies (400)', async () => {
      expectError(
        await quote({ items: [{ product_id: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b', quantity: 1 }] }),
        422,
        'PRODUCT_UNAVAILABLE',
      );
      const mug = orders.catalog.addProduct();
      for (const body of [
        { items: [] },
        { items: [{ product_id: mug.id, quantity: 0 }] },
        { items: [{ product_id: mug.id, quantity: 1 }], country: 'USA' },
        { items: [{ product_id: mug.id, quantity: 1 }], coupon: 'X' },
        {},
      ]) {
        expectError(await quote(body), 400, 'VALIDATION_ERROR');
      }
    });
  });

  describe('managing promotion codes', () => {
    it('is for managers and admins: 401 anonymous, 403 customers', async () => {
      expectError(
        await call(orders.app, { method: 'GET', url: `${API}/promotions` }),
        401,
        'AUTHENTICATION_REQUIRED',
      );
      expectError(await promotions('GET', '', undefined, customer.token), 403, 'FORBIDDEN');
      expectError(
        await promotions(
          'POST',
          '',
          { code: 'NOPE1', description: 'x', kind: 'fixed', value: 1, currency: 'USD' },
          customer.token,
        ),
        403,
        'FORBIDDEN',
      );
      expectError(await promotions('PATCH', '/NOPE1', { active: false }, customer.token), 403, 'FORBIDDEN');
    });

    it('creates a code (201, defaults filled in), refuses a duplicate (409 PROMOTION_EXISTS) and invalid rules (422)', async () => {
      const code = `NEW${uniqueSuffix().toUpperCase().slice(-10)}`;
      const created = await promotions('POST', '', {
        code,
        description: '10% off',
        kind: 'percentage',
        value: 1_000,
        currency: 'USD',
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toEqual({
        code,
        description: '10% off',
        kind: 'percentage',
        value: 1_000,
        currency: 'USD',
        min_subtotal: 0,
        starts_at: null,
        ends_at: null,
        max_uses: null,
        max_uses_per_customer: null,
        uses: 0,
        active: true,
      });
      expectError(
        await promotions('POST', '', {
          code,
          description: 'again',
          kind: 'fixed',
          value: 100,
          currency: 'USD',
        }),
        409,
        'PROMOTION_EXISTS',
      );
      const tooMuch = expectError(
        await promotions('POST', '', {
          code: `${code}X`,
          description: 'x',
          kind: 'percentage',
          value: 10_001,
          currency: 'USD',
        }),
        422,
        'INVALID_PROMOTION',
      );
      expect(tooMuch.details).toEqual({ field: 'value' });
      expectError(
        await promotions('POST', '', {
          code: `${code}Y`,
          description: 'x',
          kind: 'fixed',
          value: 100,
          currency: 'USD',
          starts_at: iso(DAY),
          ends_at: iso(0),
        }),
        422,
        'INVALID_PROMOTION',
      );
      for (const bad of [
        { code: 'lower', description: 'x', kind: 'fixed', value: 100, currency: 'USD' },
        { code: 'OK123', description: 'x', kind: 'bogus', value: 100, currency: 'USD' },
        { code: 'OK123', description: 'x', kind: 'fixed', value: 0, currency: 'USD' },
        { code: 'OK123', description: 'x', kind: 'fixed', value: 100, currency: 'usd' },
        { code: 'OK123', description: 'x', kind: 'fixed', value: 100, currency: 'USD', uses: 5 },
      ]) {
        expectError(await promotions('POST', '', bad), 400, 'VALIDATION_ERROR');
      }
    });

    it('changes a code (PATCH), keeping the rules valid; 404 for an unknown code', async () => {
      const code = await newPromotion({ value: 1_000 });
      const changed = await promotions('PATCH', `/${code.toLowerCase()}`, {
        value: 2_000,
        active: false,
        max_uses: 5,
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({ code, value: 2_000, active: false, max_uses: 5 });
      const window = await promotions('PATCH', `/${code}`, {
        starts_at: iso(-DAY),
        ends_at: iso(DAY),
        description: 'Now a window',
        currency: 'EUR',
        min_subtotal: 100,
        max_uses_per_customer: 2,
        kind: 'fixed',
      });
      expect(window.json()).toMatchObject({
        kind: 'fixed',
        currency: 'EUR',
        min_subtotal: 100,
        max_uses_per_customer: 2,
      });
      expectError(
        await promotions('PATCH', `/${code}`, { ends_at: iso(-2 * DAY) }),
        422,
        'INVALID_PROMOTION',
      );
      expectError(await promotions('PATCH', `/${code}`, {}), 400, 'VALIDATION_ERROR');
      expectError(await promotions('PATCH', '/NOSUCHCODE', { active: true }), 404, 'PROMOTION_NOT_FOUND');
    });

    it('lists codes in code order, a page at a time; a forged cursor is a 400', async () => {
      for (let i = 0; i < 3; i++) await newPromotion({});
      const first = await promotions('GET', '?limit=2');
      expect(first.statusCode, first.body).toBe(200);
      const page = first.json();
      expect(page.items).toHaveLength(2);
      expect(page.next_cursor).toEqual(expect.any(String));
      const second = (await promotions('GET', `?limit=2&cursor=${page.next_cursor}`)).json();
      expect(second.items[0].code > page.items[1].code).toBe(true);
      expectError(await promotions('GET', '?cursor=bm9wZQ'), 400, 'INVALID_CURSOR');
      expectError(await promotions('GET', '?cursor=***'), 400, 'INVALID_CURSOR');
    });

    it('seeds the demo codes once, and only when there is no promotion at all', async () => {
      const fresh = await startOrders(backend);
      try {
        await ensureDemoPromotions(fresh.deps);
        await ensureDemoPromotions(fresh.deps);
        const admin = await fresh.identity.user('admin');
        const listed = await call(fresh.app, { method: 'GET', url: `${API}/promotions`, token: admin.token });
        expect(listed.json().items).toMatchObject([
          { code: 'SAVE5', kind: 'fixed', value: 500, min_subtotal: 2_500 },
          { code: 'WELCOME10', kind: 'percentage', value: 1_000 },
        ]);
      } finally {
        await fresh.close();
      }
      // Not here: codes exist already.
      await ensureDemoPromotions(orders.deps);
      const codes = (await promotions('GET', '?limit=100'))
        .json()
        .items.map((item: { code: string }) => item.code);
      expect(codes).not.toContain('WELCOME10');
    });
  });
});
