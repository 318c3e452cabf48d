import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends, type TestUser } from '@bodega/testing';
import { API, call, expectError, expectValidEvents, newKey, orderEvents, placeOrder } from './support/api.js';
import { cards } from './support/fake-payments.js';
import { startOrders, type OrdersUnderTest } from './support/orders.js';

describe.each(databaseBackends())('checkout (POST /orders) on $name', (backend) => {
  let orders: OrdersUnderTest;
  let alice: TestUser;
  let admin: TestUser;

  const order = (body: Record<string, unknown>, user = alice, key = newKey()) =>
    placeOrder(orders.app, user.token, body, key);
  const countOrders = async (customerId: string) => {
    const rows = await orders.database.query<{ n: number }>(
      'select count(*)::int as n from orders.orders where customer_id = $1',
      [customerId],
    );
    return rows[0]?.n ?? 0;
  };
  const createPromotion = async (body: Record<string, unknown>) => {
    const response = await call(orders.app, {
      method: 'POST',
      url: `${API}/promotions`,
      token: admin.token,
      body,
    });
    expect(response.statusCode, response.body).toBe(201);
  };

  beforeAll(async () => {
    orders = await startOrders(backend);
    alice = await orders.identity.user('customer');
    admin = await orders.identity.user('admin');
  });
  afterAll(async () => {
    await orders.close();
  });

  describe('when everything answers', () => {
    it('places the order: 201 paid, stock committed, payment captured, history and totals', async () => {
      const mug = orders.catalog.addProduct({ price: 1_250, stock: 5, name: 'Mug' });
      const tea = orders.catalog.addProduct({ price: 800, stock: 5, name: 'Tea' });
      const address = {
        name: 'Alice',
        line1: '1 Main St',
        city: 'Springfield',
        postal_code: '12345',
        country: 'US',
      };
      const response = await order({
        items: [
          { product_id: tea.id, quantity: 1 },
          { product_id: mug.id, quantity: 2 },
        ],
        shipping_address: address,
      });
      expect(response.statusCode, response.body).toBe(201);
      const placed = response.json();
      // Subtotal 3300, US tax 7.25% = 239.25 -> 239 (half up), shipping 599 below 5000.
      expect(placed).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        customer_id: alice.id,
        status: 'paid',
        items: expect.arrayContaining([
          {
            product_id: mug.id,
            name: 'Mug',
            sku: mug.sku,
            quantity: 2,
            unit_price: { amount: 1_250, currency: 'USD' },
            line_total: { amount: 2_500, currency: 'USD' },
          },
          {
            product_id: tea.id,
            name: 'Tea',
            sku: tea.sku,
            quantity: 1,
            unit_price: { amount: 800, currency: 'USD' },
            line_total: { amount: 800, currency: 'USD' },
          },
        ]),
        totals: {
          subtotal: { amount: 3_300, currency: 'USD' },
          discount: { amount: 0, currency: 'USD' },
          tax: { amount: 239, currency: 'USD' },
          shipping: { amount: 599, currency: 'USD' },
          total: { amount: 4_138, currency: 'USD' },
        },
        promo_code: null,
        shipping_address: address,
        payment_id: orders.payments.byOrder(placed.id)?.id,
        cancel_reason: null,
        history: [
          { status: 'pending', at: expect.any(String), by: null, reason: 'checkout' },
          { status: 'paid', at: expect.any(String), by: null, reason: 'payment_captured' },
        ],
        created_at: expect.stringMatching(/Z$/),
        updated_at: expect.stringMatching(/Z$/),
      });
      expect(orders.catalog.product(mug.id).stock_qty).toBe(3);
      expect(orders.catalog.reservation(placed.id)?.status).toBe('committed');
      expect(orders.payments.byOrder(placed.id)).toMatchObject({
        status: 'captured',
        amount: { amount: 4_138, currency: 'USD' },
        customer_id: alice.id,
      });
      const read = await call(orders.app, {
        method: 'GET',
        url: `${API}/orders/${placed.id}`,
        token: alice.token,
      });
      expect(read.json()).toEqual(placed);
    });

    it('writes orders.order.placed and both status changes to the outbox, each valid against its contract', async () => {
      const lamp = orders.catalog.addProduct({ price: 6_000 });
      const response = await order({ items: [{ product_id: lamp.id, quantity: 1 }] });
      expect(response.statusCode, response.body).toBe(201);
      const id = response.json().id as string;
      const events = await orderEvents(orders.database, id);
      expectValidEvents(events);
      expect(events.map((event) => event.type)).toEqual([
        'orders.order.status_changed',
        'orders.order.status_changed',
        'orders.order.placed',
      ]);
      expect(events.map((event) => event.data)).toEqual([
        expect.objectContaining({ from: null, to: 'pending', customer_id: alice.id }),
        expect.objectContaining({ from: 'pending', to: 'paid', changed_by: null }),
        expect.objectContaining({
          order_id: id,
          items: [{ product_id: lamp.id, quantity: 1, unit_price: { amount: 6_000, currency: 'USD' } }],
          // Free shipping from 5000, no country: the default tax rate (0).
          total: { amount: 6_000, currency: 'USD' },
        }),
      ]);
    });

    it('applies a promotion code and counts its use; lines of one product are merged', async () => {
      await createPromotion({
        code: 'CHECKOUT15',
        description: '15% off',
        kind: 'percentage',
        value: 1_500,
        currency: 'USD',
      });
      const book = orders.catalog.addProduct({ price: 2_000 });
      const response = await order({
        items: [
          { product_id: book.id, quantity: 1 },
          { product_id: book.id, quantity: 2 },
        ],
        promo_code: 'checkout15',
        shipping_address: { name: 'A', line1: 'B', city: 'C', postal_code: 'D', country: 'DE' },
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({
        promo_code: 'CHECKOUT15',
        items: [{ product_id: book.id, quantity: 3 }],
        totals: {
          subtotal: { amount: 6_000 },
          discount: { amount: 900 },
          // DE 19% of 5100 = 969; free shipping from 5000.
          tax: { amount: 969 },
          shipping: { amount: 0 },
          total: { amount: 6_069 },
        },
      });
      const list = await call(orders.app, { method: 'GET', url: `${API}/promotions`, token: admin.token });
      expect(list.json().items).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'CHECKOUT15', uses: 1 })]),
      );
    });

    it('when the last use of a code is wanted twice at once, one checkout gets it and the other 422 PROMO_EXHAUSTED', async () => {
      await createPromotion({
        code: 'ONLYONCE',
        description: '1.00 off',
        kind: 'fixed',
        value: 100,
        currency: 'USD',
        max_uses: 1,
      });
      const pen = orders.catalog.addProduct({ price: 500, stock: 10 });
      const bob = await orders.identity.user('customer');
      const responses = await Promise.all(
        [alice, bob].map((user) =>
          order({ items: [{ product_id: pen.id, quantity: 1 }], promo_code: 'ONLYONCE' }, user),
        ),
      );
      expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 422]);
      const refused = responses.find((response) => response.statusCode === 422);
      if (refused) expectError(refused, 422, 'PROMO_EXHAUSTED');
    });
  });

  describe('bad requests', () => {
    it('needs a signed-in customer (401) and an Idempotency-Key (400 IDEMPOTENCY_KEY_REQUIRED)', async () => {
      const cup = orders.catalog.addProduct();
      const body = { items: [{ product_id: cup.id, quantity: 1 }], payment: { card_number: cards.approved } };
      expectError(
        await call(orders.app, {
          method: 'POST',
          url: `${API}/orders`,
          body,
          headers: { 'idempotency-key': newKey() },
        }),
        401,
        'AUTHENTICATION_REQUIRED',
      );
      expectError(
        await call(orders.app, { method: 'POST', url: `${API}/orders`, body, token: alice.token }),
        400,
        'IDEMPOTENCY_KEY_REQUIRED',
      );
      for (const key of ['x'.repeat(256), 'has space', 'naïve']) {
        expectError(
          await call(orders.app, {
            method: 'POST',
            url: `${API}/orders`,
            body,
            token: alice.token,
            headers: { 'idempotency-key': key },
          }),
          400,
          'IDEMPOTENCY_KEY_REQUIRED',
        );
      }
      expectError(
        await call(orders.app, {
          method: 'POST',
          url: `${API}/checkout`,
          body: { payment: body.payment },
          token: alice.token,
        }),
        400,
        'IDEMPOTENCY_KEY_REQUIRED',
      );
    });

    it('answers 400 for malformed bodies: quantities 0, -1, 1.5 and 1000, a bad id, a bad card, no items, extra fields', async () => {
      const cup = orders.catalog.addProduct();
      const bodies = [
        { items: [{ product_id: cup.id, quantity: 0 }] },
        { items: [{ product_id: cup.id, quantity: -1 }] },
        { items: [{ product_id: cup.id, quantity: 1.5 }] },
        { items: [{ product_id: cup.id, quantity: 1_000 }] },
        { items: [{ product_id: 'not-a-uuid', quantity: 1 }] },
        { items: [] },
        { items: [{ product_id: cup.id, quantity: 1 }], payment: { card_number: 'abc' } },
        { items: [{ product_id: cup.id, quantity: 1 }], gift: true },
        { items: [{ product_id: cup.id, quantity: 1 }], shipping_address: { country: 'US' } },
      ];
      for (const body of bodies) expectError(await order(body), 400, 'VALIDATION_ERROR');
      expectError(await order({ items: [{ product_id: cup.id, quantity: '1' }] }), 400, 'VALIDATION_ERROR');
    });

    it('refuses unknown or unbuyable products (422 PRODUCT_UNAVAILABLE) and unknown codes (422 PROMO_NOT_FOUND), creating nothing', async () => {
      const carol = await orders.identity.user('customer');
      const gone = orders.catalog.addProduct();
      orders.catalog.product(gone.id).purchasable = false;
      const unknown = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
      const missing = expectError(
        await order({ items: [{ product_id: unknown, quantity: 1 }] }, carol),
        422,
        'PRODUCT_UNAVAILABLE',
      );
      expect(missing.details).toMatchObject({ product_id: unknown });
      expectError(
        await order({ items: [{ product_id: gone.id, quantity: 1 }] }, carol),
        422,
        'PRODUCT_UNAVAILABLE',
      );
      const cup = orders.catalog.addProduct();
      expectError(
        await order({ items: [{ product_id: cup.id, quantity: 1 }], promo_code: 'NOSUCHCODE' }, carol),
        422,
        'PROMO_NOT_FOUND',
      );
      expect(await countOrders(carol.id)).toBe(0);
    });
  });

  describe('when stock runs out', () => {
    it('answers 409 OUT_OF_STOCK before creating anything when the catalog already says so', async () => {
      const dave = await orders.identity.user('customer');
      const rare = orders.catalog.addProduct({ stock: 1 });
      const refused = expectError(
        await order({ items: [{ product_id: rare.id, quantity: 2 }] }, dave),
        409,
        'OUT_OF_STOCK',
      );
      expect(refused.details).toEqual({ product_id: rare.id, requested: 2, available: 1 });
      expect(await countOrders(dave.id)).toBe(0);
    });

    it('when the last unit is bought twice at once, one checkout fails with out_of_stock and its order is cancelled', async () => {
      const last = orders.catalog.addProduct({ stock: 1 });
      const erin = await orders.identity.user('customer');
      // Another shopper takes the unit between this checkout's price check and its reservation.
      orders.catalog.afterNextLookup = () => {
        orders.catalog.product(last.id).stock_qty = 0;
      };
      const refused = expectError(
        await order({ items: [{ product_id: last.id, quantity: 1 }] }, erin),
        409,
        'OUT_OF_STOCK',
      );
      expect(refused.details).toMatchObject({ product_id: last.id, requested: 1, available: 0 });
      const orderId = refused.details.order_id as string;
      const cancelled = await call(orders.app, {
        method: 'GET',
        url: `${API}/orders/${orderId}`,
        token: erin.token,
      });
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancel_reason: 'out_of_stock' });
      // Nothing was ever authorized for it.
      expect(orders.payments.byOrder(orderId)).toBeUndefined();
      const events = await orderEvents(orders.database, orderId);
      expectValidEvents(events);
      expect(events.find((event) => event.type === 'orders.order.cancelled')?.data).toMatchObject({
        reason: 'out_of_stock',
        was_paid: false,
      });
    });
  });

  describe('when the card is refused', () => {
    it('answers 402 PAYMENT_DECLINED with the reason, cancels the order and releases its stock', async () => {
      const vase = orders.catalog.addProduct({ stock: 3 });
      const refused = expectError(
        await order({
          items: [{ product_id: vase.id, quantity: 2 }],
          payment: { card_number: cards.declined },
        }),
        402,
        'PAYMENT_DECLINED',
      );
      expect(refused.details).toMatchObject({ reason: 'card_declined' });
      const orderId = refused.details.order_id as string;
      expect(orders.catalog.reservation(orderId)?.status).toBe('released');
      expect(orders.catalog.product(vase.id).stock_qty).toBe(3);
      const read = await call(orders.app, {
        method: 'GET',
        url: `${API}/orders/${orderId}`,
        token: alice.token,
      });
      expect(read.json()).toMatchObject({
        status: 'cancelled',
        cancel_reason: 'payment_declined',
        history: [{ status: 'pending' }, { status: 'cancelled', by: null, reason: 'payment_declined' }],
      });
      const events = await orderEvents(orders.database, orderId);
      expectValidEvents(events);
      expect(events.map((event) => event.type)).toEqual([
        'orders.order.status_changed',
        'orders.order.status_changed',
        'orders.order.cancelled',
      ]);
    });

    it('says why: insufficient funds', async () => {
      const vase = orders.catalog.addProduct();
      const refused = expectError(
        await order({
          items: [{ product_id: vase.id, quantity: 1 }],
          payment: { card_number: cards.insufficientFunds },
        }),
        402,
        'PAYMENT_DECLINED',
      );
      expect(refused.details.reason).toBe('insufficient_funds');
    });

    it('answers 422 INVALID_CARD_NUMBER for a number payments refuses, and cancels', async () => {
      const vase = orders.catalog.addProduct();
      const refused = expectError(
        await order({
          items: [{ product_id: vase.id, quantity: 1 }],
          payment: { card_number: cards.notLuhn },
        }),
        422,
        'INVALID_CARD_NUMBER',
      );
      expect(orders.catalog.reservation(refused.details.order_id as string)?.status).toBe('released');
    });

    it('gives the promotion use back when the order is cancelled', async () => {
      await createPromotion({
        code: 'BACKAGAIN',
        description: '1.00 off',
        kind: 'fixed',
        value: 100,
        currency: 'USD',
        max_uses: 1,
      });
      const vase = orders.catalog.addProduct();
      const items = [{ product_id: vase.id, quantity: 1 }];
      expectError(
        await order({ items, promo_code: 'BACKAGAIN', payment: { card_number: cards.declined } }),
        402,
        'PAYMENT_DECLINED',
      );
      const response = await order({ items, promo_code: 'BACKAGAIN' });
      expect(response.statusCode, response.body).toBe(201);
    });
  });
});
