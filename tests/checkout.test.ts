/**
 * Buying, end to end through the gateway, in embedded mode and (with the real backends configured) in
 * distributed mode: scenario B (a paid order raises the product in search and recommendations), the
 * cart merged at sign-in, promotions, refunds, and the promises: no overselling under concurrency, one
 * order per idempotency key, nothing charged or held when a card is declined.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@bodega/testing';
import { admin, client, platformModes, type Json, type Platform } from './support/platform.js';

const approve = '4242 4242 4242 4242';
const decline = '4000 0000 0000 0002';

describe.each(platformModes())('buying on the platform in %s mode', (_mode, start) => {
  let platform: Platform;
  let staff: string;
  let category: string;
  beforeAll(async () => {
    platform = await start();
    staff = (await call('POST', '/api/v1/auth/login', admin)).body.access_token as string;
    category = `checkout-${uniqueSuffix()}`;
    const created = await call(
      'POST',
      '/api/v1/categories',
      { slug: category, name: 'Checkout', description: 'Things to buy' },
      staff,
    );
    expect(created.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await platform.close();
  });

  const call = client(() => platform.url);

  async function product(stock: number, amount = 2_500, name = 'Walnut tray'): Promise<Json> {
    const tag = uniqueSuffix().replace(/[^a-z0-9]/g, '');
    const created = await call(
      'POST',
      '/api/v1/products',
      {
        slug: `tray-${tag}`,
        name: `${name} ${tag}`,
        description: 'Oiled walnut, hand finished',
        category,
        sku: `TRAY-${tag}`,
        price: { amount, currency: 'USD' },
        stock_qty: stock,
      },
      staff,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }

  async function customer(): Promise<{ id: string; token: string; email: string }> {
    const email = `buyer-${uniqueSuffix()}@example.com`;
    const registered = await call('POST', '/api/v1/auth/register', {
      email,
      password: 'long enough password',
    });
    const session = await call('POST', '/api/v1/auth/login', { email, password: 'long enough password' });
    return { id: registered.body.id as string, token: session.body.access_token as string, email };
  }

  const stockOf = async (id: string) =>
    (await call('GET', `/api/v1/products/${id}`)).body.stock_qty as number;
  const placeOrder = (token: string, body: unknown, key: string = randomUUID()) =>
    call('POST', '/api/v1/orders', body, token, { 'idempotency-key': key });

  it('scenario B: a guest cart merged at sign-in is checked out, paid, and raises the product in recommendations', async () => {
    const tray = await product(20);
    const shopper = await customer();

    // As a guest: the first item creates a cart reached by its token.
    const guest = await call('POST', '/api/v1/cart/items', { product_id: tray.id, quantity: 2 });
    expect(guest.status).toBe(200);
    const cartToken = guest.body.cart_token as string;
    expect(cartToken).toBeTruthy();
    expect(guest.headers.get('x-cart-token')).toBe(cartToken);

    // Signed in, with the guest token: the guest cart becomes the customer's.
    const merged = await call('GET', '/api/v1/cart', undefined, shopper.token, { 'x-cart-token': cartToken });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({
      customer_id: shopper.id,
      items: [{ product_id: tray.id, quantity: 2, unit_price: { amount: 2_500, currency: 'USD' } }],
      subtotal: { amount: 5_000, currency: 'USD' },
    });

    const quote = await call('POST', '/api/v1/pricing/quote', {
      items: [{ product_id: tray.id, quantity: 2 }],
      country: 'US',
    });
    expect(quote.status).toBe(200);
    expect(quote.body.totals).toMatchObject({ subtotal: { amount: 5_000 }, discount: { amount: 0 } });

    const key = randomUUID();
    const checkout = await call(
      'POST',
      '/api/v1/checkout',
      {
        payment: { card_number: approve },
        shipping_address: {
          name: 'Ada',
          line1: '1 Analytical Way',
          city: 'London',
          postal_code: 'N1 9GU',
          country: 'US',
        },
      },
      shopper.token,
      { 'idempotency-key': key },
    );
    expect(checkout.status, JSON.stringify(checkout.body)).toBe(201);
    expect(checkout.body).toMatchObject({
      status: 'paid',
      customer_id: shopper.id,
      items: [{ product_id: tray.id, quantity: 2 }],
      totals: quote.body.totals,
    });
    expect(checkout.body.history.map((entry: Json) => entry.status)).toEqual(['pending', 'paid']);
    expect(await stockOf(tray.id)).toBe(18);
    expect((await call('GET', '/api/v1/cart', undefined, shopper.token)).body.items).toEqual([]);

    // The same request again: the first answer, not a second order or charge.
    const replay = await call(
      'POST',
      '/api/v1/checkout',
      {
        payment: { card_number: approve },
        shipping_address: checkout.body.shipping_address,
      },
      shopper.token,
      { 'idempotency-key': key },
    );
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(checkout.body.id);
    expect(await stockOf(tray.id)).toBe(18);

    // The payment is the customer's to see.
    const payment = await call(
      'GET',
      `/api/v1/payments/${checkout.body.payment_id}`,
      undefined,
      shopper.token,
    );
    expect(payment.body).toMatchObject({
      order_id: checkout.body.id,
      status: 'captured',
      card_last4: '4242',
    });

    // orders.order.placed -> search: its popularity rises, and recommendations lead with it.
    await expect
      .poll(
        async () => {
          const { items } = (await call('GET', '/api/v1/recommendations?limit=50')).body as { items: Json[] };
          return items.find((item) => item.id === tray.id)?.popularity ?? 0;
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBeGreaterThan(0);
    const recommended = await call('GET', '/api/v1/recommendations?limit=5');
    expect(recommended.body.items[0].id).toBe(tray.id);
  });

  it('sells exactly the stock when 200 shoppers race for 20 units', async () => {
    const scarce = await product(20);
    const shoppers = await Promise.all(Array.from({ length: 10 }, () => customer()));
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        placeOrder(shoppers[i % shoppers.length]!.token, {
          items: [{ product_id: scarce.id, quantity: 1 }],
          payment: { card_number: approve },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    // Anything but a sale or OUT_OF_STOCK, named with its code, so a failure says what went wrong.
    const others = answers
      .filter((answer) => answer.status !== 201 && answer.status !== 409)
      .map((answer) => `${answer.status} ${answer.body.error?.code ?? ''}`);
    expect(others).toEqual([]);
    expect(statuses.filter((status) => status === 201)).toHaveLength(20);
    expect(statuses.filter((status) => status === 409)).toHaveLength(180);
    for (const refused of answers.filter((answer) => answer.status === 409)) {
      expect(refused.body.error.code).toBe('OUT_OF_STOCK');
    }
    expect(await stockOf(scarce.id)).toBe(0);
  });

  it('makes one order of concurrent requests with one idempotency key, and refuses the key for another body', async () => {
    const item = await product(50);
    const shopper = await customer();
    const key = randomUUID();
    const body = { items: [{ product_id: item.id, quantity: 1 }], payment: { card_number: approve } };
    const answers = await Promise.all(Array.from({ length: 10 }, () => placeOrder(shopper.token, body, key)));
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(await stockOf(item.id)).toBe(49);

    const other = await placeOrder(
      shopper.token,
      { ...body, items: [{ product_id: item.id, quantity: 2 }] },
      key,
    );
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const missing = await call('POST', '/api/v1/orders', body, shopper.token);
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  });

  it('cancels the order and holds no stock when the card is declined', async () => {
    const item = await product(5);
    const shopper = await customer();
    const declined = await placeOrder(shopper.token, {
      items: [{ product_id: item.id, quantity: 2 }],
      payment: { card_number: decline },
    });
    expect(declined.status).toBe(402);
    expect(declined.body.error.code).toBe('PAYMENT_DECLINED');
    expect(await stockOf(item.id)).toBe(5);
    const mine = await call('GET', '/api/v1/orders', undefined, shopper.token);
    expect(mine.body.items).toMatchObject([{ status: 'cancelled', cancel_reason: 'payment_declined' }]);
  });

  it('lets staff ship and deliver, keeps orders private, and refunds a cancelled order with its stock back', async () => {
    const item = await product(10);
    const shopper = await customer();
    const stranger = await customer();
    const first = await placeOrder(shopper.token, {
      items: [{ product_id: item.id, quantity: 3 }],
      payment: { card_number: approve },
    });
    expect(first.status).toBe(201);
    expect((await call('GET', `/api/v1/orders/${first.body.id}`, undefined, stranger.token)).status).toBe(
      404,
    );
    expect(
      (await call('POST', `/api/v1/orders/${first.body.id}/status`, { status: 'shipped' }, shopper.token))
        .status,
    ).toBe(403);
    const shipped = await call(
      'POST',
      `/api/v1/orders/${first.body.id}/status`,
      { status: 'shipped' },
      staff,
    );
    expect(shipped.body.status).toBe('shipped');
    const delivered = await call(
      'POST',
      `/api/v1/orders/${first.body.id}/status`,
      { status: 'delivered' },
      staff,
    );
    expect(delivered.body.status).toBe('delivered');
    expect(delivered.body.history.map((entry: Json) => entry.status)).toEqual([
      'pending',
      'paid',
      'shipped',
      'delivered',
    ]);

    const second = await placeOrder(shopper.token, {
      items: [{ product_id: item.id, quantity: 2 }],
      payment: { card_number: approve },
    });
    expect(await stockOf(item.id)).toBe(5);
    const cancelled = await call('POST', `/api/v1/orders/${second.body.id}/cancel`, {}, shopper.token);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await stockOf(item.id)).toBe(7);
    const payment = await call('GET', `/api/v1/payments/${second.body.payment_id}`, undefined, shopper.token);
    expect(payment.body).toMatchObject({ status: 'refunded', refunded: second.body.totals.total });

    // A refund at payments, by staff, moves the delivered order to refunded.
    const refund = await call('POST', `/api/v1/payments/${first.body.payment_id}/refund`, {}, staff, {
      'idempotency-key': randomUUID(),
    });
    expect(refund.status, JSON.stringify(refund.body)).toBeLessThan(300);
    await expect
      .poll(
        async () =>
          (await call('GET', `/api/v1/orders/${first.body.id}`, undefined, shopper.token)).body.status,
        {
          timeout: 10_000,
          interval: 100,
        },
      )
      .toBe('refunded');
  });

  it('refuses bad buying input with a 4xx in the standard body, never a 5xx', async () => {
    const item = await product(3);
    const shopper = await customer();
    const cases: [string, string, unknown, Record<string, string>?][] = [
      ['POST', '/api/v1/cart/items', { product_id: item.id, quantity: 0 }],
      ['POST', '/api/v1/cart/items', { product_id: item.id, quantity: -1 }],
      ['POST', '/api/v1/cart/items', { product_id: item.id, quantity: 1.5 }],
      ['POST', '/api/v1/cart/items', { product_id: item.id, quantity: 4 }],
      ['POST', '/api/v1/cart/items', { product_id: randomUUID(), quantity: 1 }],
      ['POST', '/api/v1/cart/items', { product_id: 'not-a-uuid', quantity: 1 }],
      [
        'POST',
        '/api/v1/pricing/quote',
        { items: [{ product_id: item.id, quantity: 1 }], promo_code: 'NOPE404' },
      ],
      ['POST', '/api/v1/pricing/quote', { items: [] }],
      [
        'POST',
        '/api/v1/orders',
        { items: [{ product_id: item.id, quantity: 1 }] },
        { 'idempotency-key': 'k' },
      ],
      [
        'POST',
        '/api/v1/orders',
        { items: [{ product_id: item.id, quantity: 1 }], payment: { card_number: '1234' } },
        { 'idempotency-key': randomUUID() },
      ],
      [
        'POST',
        '/api/v1/orders',
        { items: [{ product_id: item.id, quantity: 4 }], payment: { card_number: approve } },
        { 'idempotency-key': randomUUID() },
      ],
      [
        'POST',
        '/api/v1/checkout',
        { payment: { card_number: approve } },
        { 'idempotency-key': randomUUID() },
      ],
      ['GET', `/api/v1/orders/${randomUUID()}`, undefined],
      ['GET', '/api/v1/orders/not-a-uuid', undefined],
      ['GET', `/api/v1/payments/${randomUUID()}`, undefined],
    ];
    for (const [method, path, body, headers] of cases) {
      const answer = await call(method, path, body, shopper.token, headers);
      const what = `${method} ${path} ${JSON.stringify(body)}`;
      expect(answer.status, what).toBeGreaterThanOrEqual(400);
      expect(answer.status, what).toBeLessThan(500);
      expect(answer.body.error, what).toMatchObject({
        code: expect.any(String),
        request_id: expect.any(String),
      });
    }
    expect(await stockOf(item.id)).toBe(3);
    // Internal routes are never reachable through the gateway.
    const internal = await call('POST', '/internal/reservations', {
      reservation_id: randomUUID(),
      items: [],
    });
    expect(internal.status).toBe(404);
  });
});
