import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends, type TestUser } from '@bodega/testing';
import { API, call, expectError, newKey } from './support/api.js';
import { cards } from './support/fake-payments.js';
import { startOrders, type OrdersUnderTest } from './support/orders.js';

const unknownProduct = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';

describe.each(databaseBackends())('carts on $name', (backend) => {
  let orders: OrdersUnderTest;

  /** A cart request as a guest (`cartToken`), a customer (`token`), or both. */
  const cart = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    who: { token?: string; cartToken?: string } = {},
    body?: unknown,
  ) =>
    call(orders.app, {
      method,
      url: `${API}/cart${path}`,
      token: who.token,
      body,
      headers: who.cartToken === undefined ? {} : { 'x-cart-token': who.cartToken },
    });
  const add = (productId: string, quantity: number, who: { token?: string; cartToken?: string } = {}) =>
    cart('POST', '/items', who, { product_id: productId, quantity });
  /** A new guest cart holding `quantity` of the product; resolves to its token. */
  const guestCartWith = async (productId: string, quantity: number) => {
    const response = await add(productId, quantity);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().cart_token as string;
  };
  const checkout = (user: TestUser, key = newKey()) =>
    call(orders.app, {
      method: 'POST',
      url: `${API}/checkout`,
      token: user.token,
      headers: { 'idempotency-key': key },
      body: { payment: { card_number: cards.approved } },
    });

  beforeAll(async () => {
    orders = await startOrders(backend);
  });
  afterAll(async () => {
    await orders.close();
  });

  describe('as a guest', () => {
    it('starts a cart on the first add and hands its token back in the body and in X-Cart-Token', async () => {
      const mug = orders.catalog.addProduct({ price: 1_250, stock: 5, name: 'Mug' });
      const response = await add(mug.id, 2);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        customer_id: null,
        items: [
          {
            product_id: mug.id,
            quantity: 2,
            name: 'Mug',
            slug: mug.slug,
            image: null,
            unit_price: { amount: 1_250, currency: 'USD' },
            line_total: { amount: 2_500, currency: 'USD' },
            available: 5,
            purchasable: true,
            price_changed_from: null,
          },
        ],
        subtotal: { amount: 2_500, currency: 'USD' },
        item_count: 2,
        cart_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        updated_at: expect.stringMatching(/Z$/),
      });
      expect(response.headers['x-cart-token']).toBe(body.cart_token);
      const again = await cart('GET', '', { cartToken: body.cart_token });
      expect(again.json()).toEqual(body);
      // Only its hash is stored.
      const stored = await orders.database.query<{ token_hash: string }>(
        'select token_hash from orders.carts where id = $1',
        [body.id],
      );
      expect(stored[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored[0]?.token_hash).not.toBe(body.cart_token);
    });

    it('adds to an existing line, sets and removes lines, and empties the cart', async () => {
      const mug = orders.catalog.addProduct({ price: 500, stock: 10 });
      const tea = orders.catalog.addProduct({ price: 300, stock: 10 });
      const cartToken = await guestCartWith(mug.id, 1);
      const who = { cartToken };
      expect((await add(mug.id, 2, who)).json().items).toMatchObject([{ product_id: mug.id, quantity: 3 }]);
      expect((await add(tea.id, 1, who)).json()).toMatchObject({
        item_count: 4,
        subtotal: { amount: 1_800 },
      });
      const set = await cart('PATCH', `/items/${mug.id}`, who, { quantity: 5 });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json().items).toMatchObject([
        { product_id: mug.id, quantity: 5 },
        { product_id: tea.id, quantity: 1 },
      ]);
      const removed = await cart('DELETE', `/items/${mug.id}`, who);
      expect(removed.json().items).toMatchObject([{ product_id: tea.id }]);
      // Removing what is not there changes nothing.
      expect((await cart('DELETE', `/items/${mug.id}`, who)).json().items).toHaveLength(1);
      const emptied = await cart('DELETE', '', who);
      expect(emptied.statusCode).toBe(200);
      expect(emptied.json()).toMatchObject({
        items: [],
        item_count: 0,
        subtotal: { amount: 0, currency: 'USD' },
        cart_token: cartToken,
      });
      expect((await cart('GET', '', who)).json().items).toEqual([]);
    });

    it('answers 404 CART_NOT_FOUND without a cart or with an unknown token', async () => {
      expectError(await cart('GET', ''), 404, 'CART_NOT_FOUND');
      expectError(await cart('GET', '', { cartToken: 'x'.repeat(43) }), 404, 'CART_NOT_FOUND');
      expectError(
        await cart('PATCH', `/items/${unknownProduct}`, {}, { quantity: 1 }),
        404,
        'CART_NOT_FOUND',
      );
      expectError(await cart('DELETE', ''), 404, 'CART_NOT_FOUND');
      expectError(
        await add(orders.catalog.addProduct().id, 1, { cartToken: 'unknown-token-of-a-guest' }),
        404,
        'CART_NOT_FOUND',
      );
    });
  });

  describe('quantities', () => {
    it('answers 400 for 0, -1, 1.5, 1000, a string, and a product id that is not a UUID', async () => {
      const mug = orders.catalog.addProduct();
      for (const quantity of [0, -1, 1.5, 1_000, '2']) {
        expectError(
          await cart('POST', '/items', {}, { product_id: mug.id, quantity }),
          400,
          'VALIDATION_ERROR',
        );
      }
      expectError(await add('mug', 1), 400, 'VALIDATION_ERROR');
      const cartToken = await guestCartWith(mug.id, 1);
      for (const quantity of [0, -1, 1.5]) {
        expectError(
          await cart('PATCH', `/items/${mug.id}`, { cartToken }, { quantity }),
          400,
          'VALIDATION_ERROR',
        );
      }
      expectError(await cart('PATCH', '/items/mug', { cartToken }, { quantity: 1 }), 400, 'VALIDATION_ERROR');
    });

    it('answers 409 INSUFFICIENT_STOCK above what is available, counting what the line holds', async () => {
      const rare = orders.catalog.addProduct({ stock: 3 });
      const refused = expectError(await add(rare.id, 4), 409, 'INSUFFICIENT_STOCK');
      expect(refused.details).toEqual({ product_id: rare.id, available: 3 });
      const cartToken = await guestCartWith(rare.id, 2);
      expectError(await add(rare.id, 2, { cartToken }), 409, 'INSUFFICIENT_STOCK');
      expectError(
        await cart('PATCH', `/items/${rare.id}`, { cartToken }, { quantity: 4 }),
        409,
        'INSUFFICIENT_STOCK',
      );
      expect((await cart('PATCH', `/items/${rare.id}`, { cartToken }, { quantity: 3 })).statusCode).toBe(200);
    });

    it('answers 422 QUANTITY_TOO_LARGE past 999 units on a line', async () => {
      const plenty = orders.catalog.addProduct({ stock: 5_000 });
      const cartToken = await guestCartWith(plenty.id, 999);
      expectError(await add(plenty.id, 1, { cartToken }), 422, 'QUANTITY_TOO_LARGE');
    });

    it('answers 422 PRODUCT_UNAVAILABLE for an unknown or unbuyable product, and 404 for a line not in the cart', async () => {
      expectError(await add(unknownProduct, 1), 422, 'PRODUCT_UNAVAILABLE');
      const retired = orders.catalog.addProduct();
      orders.catalog.product(retired.id).purchasable = false;
      expectError(await add(retired.id, 1), 422, 'PRODUCT_UNAVAILABLE');
      const cartToken = await guestCartWith(orders.catalog.addProduct().id, 1);
      expectError(
        await cart('PATCH', `/items/${unknownProduct}`, { cartToken }, { quantity: 1 }),
        404,
        'CART_ITEM_NOT_FOUND',
      );
    });

    it('keeps one currency per cart (422 MIXED_CURRENCY) and at most 100 lines (422 CART_FULL)', async () => {
      const dollars = orders.catalog.addProduct({ currency: 'USD' });
      const euros = orders.catalog.addProduct({ currency: 'EUR' });
      const cartToken = await guestCartWith(dollars.id, 1);
      expectError(await add(euros.id, 1, { cartToken }), 422, 'MIXED_CURRENCY');
      for (let line = 1; line < 100; line++) {
        expect((await add(orders.catalog.addProduct().id, 1, { cartToken })).statusCode).toBe(200);
      }
      const full = await cart('GET', '', { cartToken });
      expect(full.json().items).toHaveLength(100);
      expectError(await add(orders.catalog.addProduct().id, 1, { cartToken }), 422, 'CART_FULL');
      // A product already in the cart can still be added to.
      expect((await add(dollars.id, 1, { cartToken })).statusCode).toBe(200);
    });
  });

  describe('live prices and availability', () => {
    it('shows the live price and the price a line was added at when they differ; unbuyable lines say so', async () => {
      const lamp = orders.catalog.addProduct({ price: 4_000, stock: 4 });
      const cartToken = await guestCartWith(lamp.id, 1);
      orders.catalog.setPrice(lamp.id, 3_500);
      orders.catalog.product(lamp.id).stock_qty = 2;
      expect((await cart('GET', '', { cartToken })).json().items).toMatchObject([
        {
          unit_price: { amount: 3_500 },
          line_total: { amount: 3_500 },
          price_changed_from: { amount: 4_000, currency: 'USD' },
          available: 2,
          purchasable: true,
        },
      ]);
      orders.catalog.product(lamp.id).purchasable = false;
      expect((await cart('GET', '', { cartToken })).json().items).toMatchObject([{ purchasable: false }]);
    });

    it('answers 503 CATALOG_UNAVAILABLE when the catalog cannot be asked', async () => {
      const lamp = orders.catalog.addProduct();
      const cartToken = await guestCartWith(lamp.id, 1);
      orders.catalog.health = 'error';
      try {
        expectError(await cart('GET', '', { cartToken }), 503, 'CATALOG_UNAVAILABLE');
      } finally {
        orders.catalog.health = 'up';
      }
    });
  });

  describe('as a customer', () => {
    it('keeps one cart per customer, by their token, never shown to another', async () => {
      const [ann, ben] = await Promise.all([
        orders.identity.user('customer'),
        orders.identity.user('customer'),
      ]);
      const mug = orders.catalog.addProduct();
      const added = await add(mug.id, 2, { token: ann.token });
      expect(added.json()).toMatchObject({ customer_id: ann.id, cart_token: null, item_count: 2 });
      expect(added.headers['x-cart-token']).toBeUndefined();
      expect((await cart('GET', '', { token: ann.token })).json().items).toHaveLength(1);
      const other = await cart('GET', '', { token: ben.token });
      expect(other.statusCode).toBe(200);
      expect(other.json()).toMatchObject({ customer_id: ben.id, items: [] });
    });

    it('merges a guest cart brought along at sign-in: quantities add, capped by availability, then the guest cart is gone', async () => {
      const cleo = await orders.identity.user('customer');
      const mug = orders.catalog.addProduct({ stock: 10 });
      const rare = orders.catalog.addProduct({ stock: 3 });
      const tea = orders.catalog.addProduct({ stock: 10 });
      await add(mug.id, 1, { token: cleo.token });
      await add(rare.id, 2, { token: cleo.token });
      const cartToken = await guestCartWith(mug.id, 2);
      await add(rare.id, 2, { cartToken });
      await add(tea.id, 1, { cartToken });

      const merged = await cart('GET', '', { token: cleo.token, cartToken });
      expect(merged.statusCode, merged.body).toBe(200);
      expect(merged.json()).toMatchObject({ customer_id: cleo.id, cart_token: null });
      const quantities = Object.fromEntries(
        (merged.json().items as { product_id: string; quantity: number }[]).map((item) => [
          item.product_id,
          item.quantity,
        ]),
      );
      expect(quantities).toEqual({ [mug.id]: 3, [rare.id]: 3, [tea.id]: 1 });
      expectError(await cart('GET', '', { cartToken }), 404, 'CART_NOT_FOUND');
      // Sending the spent token again with the account changes nothing.
      expect((await cart('GET', '', { token: cleo.token, cartToken })).json().item_count).toBe(7);
    });

    it('merges on request (POST /cart/merge): 401 for guests, 404 for an unknown token', async () => {
      const dora = await orders.identity.user('customer');
      const mug = orders.catalog.addProduct();
      const cartToken = await guestCartWith(mug.id, 2);
      expectError(
        await cart('POST', '/merge', {}, { cart_token: cartToken }),
        401,
        'AUTHENTICATION_REQUIRED',
      );
      const merged = await cart('POST', '/merge', { token: dora.token }, { cart_token: cartToken });
      expect(merged.statusCode, merged.body).toBe(200);
      expect(merged.json().items).toMatchObject([{ product_id: mug.id, quantity: 2 }]);
      expectError(
        await cart('POST', '/merge', { token: dora.token }, { cart_token: cartToken }),
        404,
        'CART_NOT_FOUND',
      );
      expectError(
        await cart('POST', '/merge', { token: dora.token }, { cart_token: 'short' }),
        400,
        'VALIDATION_ERROR',
      );
    });
  });

  describe('checking the cart out (POST /checkout)', () => {
    it('answers 422 CART_EMPTY for an empty cart or none', async () => {
      const eve = await orders.identity.user('customer');
      expectError(await checkout(eve), 422, 'CART_EMPTY');
      await add(orders.catalog.addProduct().id, 1, { token: eve.token });
      await cart('DELETE', '', { token: eve.token });
      expectError(await checkout(eve), 422, 'CART_EMPTY');
    });

    it('places the order and takes the ordered lines out of the cart', async () => {
      const finn = await orders.identity.user('customer');
      const mug = orders.catalog.addProduct({ price: 1_000, stock: 5 });
      await add(mug.id, 2, { token: finn.token });
      const response = await checkout(finn);
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({ status: 'paid', items: [{ product_id: mug.id, quantity: 2 }] });
      expect((await cart('GET', '', { token: finn.token })).json().items).toEqual([]);
      expect(orders.catalog.product(mug.id).stock_qty).toBe(3);
    });

    it('when a price changed since it was added: 409 PRICE_CHANGED with old and new prices, the cart updated, then success at the new price', async () => {
      const gina = await orders.identity.user('customer');
      const lamp = orders.catalog.addProduct({ price: 4_000 });
      const mug = orders.catalog.addProduct({ price: 1_000 });
      await add(lamp.id, 1, { token: gina.token });
      await add(mug.id, 1, { token: gina.token });
      orders.catalog.setPrice(lamp.id, 4_500);

      const changed = expectError(await checkout(gina), 409, 'PRICE_CHANGED');
      expect(changed.details).toEqual({
        lines: [
          {
            product_id: lamp.id,
            old_price: { amount: 4_000, currency: 'USD' },
            new_price: { amount: 4_500, currency: 'USD' },
          },
        ],
      });
      const reviewed = await cart('GET', '', { token: gina.token });
      expect(reviewed.json().items).toMatchObject([
        { product_id: lamp.id, unit_price: { amount: 4_500 }, price_changed_from: null },
        { product_id: mug.id, price_changed_from: null },
      ]);
      // Confirmed: a new request (new key) goes through at the new price.
      const placed = await checkout(gina);
      expect(placed.statusCode, placed.body).toBe(201);
      expect(placed.json().totals.subtotal).toEqual({ amount: 5_500, currency: 'USD' });
    });

    it('answers 422 PRODUCT_UNAVAILABLE when a line cannot be bought any more', async () => {
      const hana = await orders.identity.user('customer');
      const lamp = orders.catalog.addProduct();
      await add(lamp.id, 1, { token: hana.token });
      orders.catalog.product(lamp.id).purchasable = false;
      const refused = expectError(await checkout(hana), 422, 'PRODUCT_UNAVAILABLE');
      expect(refused.details).toMatchObject({ product_ids: [lamp.id] });
    });
  });
});
