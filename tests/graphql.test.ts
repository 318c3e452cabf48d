/**
 * GraphQL over the whole platform, embedded and (with the real backends configured) distributed: every
 * query and mutation of the schema through its happy path against the real services, service errors
 * arriving with their REST codes, and the batching promise: a page of products with their ratings,
 * stock and live data costs a constant number of upstream calls, whatever its size.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@bodega/testing';
import { admin, client, platformModes, type Json, type Platform } from './support/platform.js';

const approve = '4242 4242 4242 4242';
const decline = '4000 0000 0000 0002';
const password = 'long enough password';

interface Answer {
  status: number;
  data: Json | null;
  errors: Json[] | undefined;
  headers: Headers;
}

describe.each(platformModes())('GraphQL on the platform in %s mode', (_mode, start) => {
  let platform: Platform;
  let staff: string;
  let manager: string;
  let category: string;
  const call = client(() => platform.url);

  async function gql(
    query: string,
    variables: Json = {},
    token?: string,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const answer = await call('POST', '/graphql', { query, variables }, token, headers);
    return {
      status: answer.status,
      data: answer.body.data as Json | null,
      errors: answer.body.errors as Json[] | undefined,
      headers: answer.headers,
    };
  }
  /** The data of an answer that must have no errors. */
  async function ok(query: string, variables: Json = {}, token?: string, headers?: Record<string, string>) {
    const answer = await gql(query, variables, token, headers);
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    expect(answer.status).toBe(200);
    return answer.data!;
  }
  /** The one error of an answer, with its field path and code. */
  async function failed(
    query: string,
    variables: Json,
    token: string | undefined,
    path: string[],
    code: string,
  ) {
    const answer = await gql(query, variables, token);
    expect(answer.status).toBe(200);
    expect(answer.errors).toEqual([
      expect.objectContaining({ path, extensions: expect.objectContaining({ code }) }),
    ]);
    return answer.errors![0]!;
  }

  async function signUp(): Promise<{ id: string; token: string; refresh: string; email: string }> {
    const email = `gql-${uniqueSuffix()}@example.com`;
    const registered = await ok(
      'mutation ($input: RegisterInput!) { register(input: $input) { id email role } }',
      {
        input: { email, password, name: 'Grace' },
      },
    );
    expect(registered.register).toMatchObject({ email, role: 'CUSTOMER' });
    const session = await ok(
      'mutation ($input: LoginInput!) { login(input: $input) { access_token refresh_token token_type user { id } } }',
      { input: { email, password } },
    );
    return {
      id: registered.register.id as string,
      token: session.login.access_token as string,
      refresh: session.login.refresh_token as string,
      email,
    };
  }

  const productFields = 'id slug name stock_qty active price { amount currency } rating { average count }';
  async function product(stock = 20, amount = 2_500): Promise<Json> {
    const tag = uniqueSuffix().replace(/[^a-z0-9]/g, '');
    const data = await ok(
      `mutation ($input: ProductInput!) { createProduct(input: $input) { ${productFields} } }`,
      {
        input: {
          slug: `lamp-${tag}`,
          name: `Brass lamp ${tag}`,
          description: 'A warm light for reading',
          category,
          sku: `LAMP-${tag}`,
          price: { amount, currency: 'USD' },
          stock_qty: stock,
          attributes: { finish: 'brass' },
        },
      },
      manager,
    );
    return data.createProduct as Json;
  }

  /** Upstream calls GraphQL made so far, by service, from the gateway's /metrics. */
  async function upstreamCalls(): Promise<Record<string, number>> {
    const text = await (await fetch(`${platform.opsUrl}/metrics`)).text();
    const counts: Record<string, number> = {};
    for (const [, service, value] of text.matchAll(
      /^gateway_graphql_upstream_requests_total\{service="(\w+)"\} (\d+)/gm,
    )) {
      counts[service!] = Number(value);
    }
    return counts;
  }
  async function callsOf(run: () => Promise<unknown>): Promise<Record<string, number>> {
    const before = await upstreamCalls();
    await run();
    const after = await upstreamCalls();
    return Object.fromEntries(
      Object.entries(after)
        .map(([service, count]) => [service, count - (before[service] ?? 0)] as const)
        .filter(([, count]) => count > 0),
    );
  }

  beforeAll(async () => {
    platform = await start();
    staff = (await call('POST', '/api/v1/auth/login', admin)).body.access_token as string;
    const promoted = await signUp();
    expect((await call('PATCH', `/api/v1/users/${promoted.id}`, { role: 'manager' }, staff)).status).toBe(
      200,
    );
    manager = (await call('POST', '/api/v1/auth/login', { email: promoted.email, password })).body
      .access_token as string;
    category = `lights-${uniqueSuffix()}`;
    const created = await call(
      'POST',
      '/api/v1/categories',
      { slug: category, name: 'Lights', description: 'Lamps' },
      staff,
    );
    expect(created.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await platform.close();
  });

  it('signs up, signs in, reads me, refreshes and signs out', async () => {
    const grace = await signUp();
    expect((await ok('{ me { id email role } }', {}, grace.token)).me).toEqual({
      id: grace.id,
      email: grace.email,
      role: 'CUSTOMER',
    });
    const refreshed = await ok('mutation ($t: String!) { refresh(refresh_token: $t) { refresh_token } }', {
      t: grace.refresh,
    });
    expect(
      await ok('mutation ($t: String!) { logout(refresh_token: $t) }', {
        t: refreshed.refresh.refresh_token,
      }),
    ).toEqual({
      logout: true,
    });
    // The rotated token was used once already: identity refuses it, with its own code.
    const reused = await failed(
      'mutation ($t: String!) { refresh(refresh_token: $t) { access_token } }',
      { t: grace.refresh },
      undefined,
      ['refresh'],
      'REFRESH_TOKEN_REUSED',
    );
    expect(reused.extensions.status).toBe(401);
    await failed('{ me { id } }', {}, undefined, ['me'], 'AUTHENTICATION_REQUIRED');
  });

  it('lets only admins read other users, refusing managers at the field', async () => {
    const users = await ok('{ users(limit: 5) { items { email role } next_cursor } }', {}, staff);
    expect(users.users.items.length).toBeGreaterThan(0);
    await failed('{ users { items { email } } }', {}, manager, ['users'], 'FORBIDDEN');
  });

  it('browses: a page of products, one by id and by slug, categories, search with facets, recommendations', async () => {
    const lamp = await product(7, 4_200);
    const page = await ok(
      `query ($c: String) { products(category: $c, limit: 5) { items { ${productFields} } next_cursor } }`,
      {
        c: category,
      },
    );
    expect(page.products.items.map((item: Json) => item.id)).toContain(lamp.id);
    const byId = await ok(`query ($id: ID) { product(id: $id) { ${productFields} attributes } }`, {
      id: lamp.id,
    });
    expect(byId.product).toMatchObject({ id: lamp.id, stock_qty: 7, attributes: { finish: 'brass' } });
    const bySlug = await ok('query ($slug: String) { product(slug: $slug) { id } }', { slug: lamp.slug });
    expect(bySlug.product.id).toBe(lamp.id);
    await failed('{ product { id } }', {}, undefined, ['product'], 'VALIDATION_ERROR');
    const missing = await failed(
      'query ($id: ID) { product(id: $id) { id } }',
      { id: randomUUID() },
      undefined,
      ['product'],
      'PRODUCT_NOT_FOUND',
    );
    expect(missing.extensions.status).toBe(404);

    const categories = await ok('{ categories { slug name product_count } }');
    expect(categories.categories).toContainEqual(expect.objectContaining({ slug: category }));

    // Search is fed by events: the new product shows up within moments.
    const search = `query ($c: String) { search(category: $c, limit: 5, sort: PRICE_ASC) {
      total items { id in_stock product { stock_qty } } facets { category { value count } in_stock price { min max count } } } }`;
    await expect
      .poll(async () => (await ok(search, { c: category })).search.total as number, { timeout: 20_000 })
      .toBeGreaterThan(0);
    const found = (await ok(search, { c: category })).search;
    expect(found.facets.category).toContainEqual({ value: category, count: found.total });
    expect(found.items[0].product.stock_qty).toEqual(expect.any(Number));

    const recommended = await ok(
      `query ($id: ID) { recommendations(product_id: $id, limit: 3) { strategy items { id product { id } } }
        product(id: $id) { recommendations(limit: 3) { strategy } } }`,
      { id: lamp.id },
    );
    expect(recommended.recommendations.strategy).toEqual(expect.any(String));
    expect(recommended.product.recommendations.strategy).toEqual(expect.any(String));
  });

  it('costs a constant number of upstream calls for a page of products with ratings, stock and live data', async () => {
    for (let i = 0; i < 20; i++) await product(5 + i);
    const page = `query ($c: String, $n: Int) { products(category: $c, limit: $n) {
      items { id stock_qty rating { average count } } } }`;
    expect(await callsOf(() => ok(page, { c: category, n: 20 }))).toEqual({ catalog: 1 });
    expect(await callsOf(() => ok(page, { c: category, n: 5 }))).toEqual({ catalog: 1 });

    // Search hits with their live product (stock, rating): one search call, one batched catalog read.
    const hits = `query ($c: String, $n: Int) { search(category: $c, limit: $n) {
      items { id product { stock_qty rating { average count } } } } }`;
    await expect
      .poll(async () => (await ok(hits, { c: category, n: 20 })).search.items.length as number, {
        timeout: 20_000,
      })
      .toBe(20);
    expect(await callsOf(() => ok(hits, { c: category, n: 20 }))).toEqual({ search: 1, catalog: 1 });
    expect(await callsOf(() => ok(hits, { c: category, n: 3 }))).toEqual({ search: 1, catalog: 1 });
  });

  it('answers a product page and charges the per-IP rate limit the upstream calls it may make, never fewer than it makes', async () => {
    const lamp = await product();
    const page = `query ($slug: String) { product(slug: $slug) { name stock_qty rating { average count }
      reviews(limit: 3) { items { rating title } } recommendations(limit: 4) { items { name product { stock_qty } } } } }`;
    const request = () => gql(page, { slug: lamp.slug });
    const remaining = (answer: Answer) => Number(answer.headers.get('x-ratelimit-remaining'));
    let taken: number | undefined;
    let calls: Record<string, number> = {};
    // Two in a row take what one costs, unless a rate-limit window ended between them: then again.
    while (taken === undefined) {
      const answers: Answer[] = [];
      calls = await callsOf(async () => {
        answers.push(await request(), await request());
      });
      expect(answers[1]!.errors, JSON.stringify(answers[1]!.errors)).toBeUndefined();
      expect(answers[1]!.data!.product.name).toBe(lamp.name);
      if (remaining(answers[1]!) < remaining(answers[0]!)) {
        taken = remaining(answers[0]!) - remaining(answers[1]!);
      }
    }
    // The product, its reviews, its recommendations, one batched read of their products.
    expect(taken).toBe(4);
    const made = Object.values(calls).reduce((sum, count) => sum + count, 0);
    expect(made).toBeGreaterThanOrEqual(2 * 3);
    expect(made).toBeLessThanOrEqual(2 * 4);
  });

  it('posts, edits, reads and deletes a review', async () => {
    const lamp = await product();
    const grace = await signUp();
    const posted = await ok(
      'mutation ($p: ID!, $input: ReviewInput!) { postReview(product_id: $p, input: $input) { id rating status author { id } product { id } } }',
      { p: lamp.id, input: { rating: 4, title: 'Warm', body: 'Nice light' } },
      grace.token,
    );
    expect(posted.postReview).toMatchObject({
      rating: 4,
      status: 'VISIBLE',
      author: { id: grace.id },
      product: { id: lamp.id },
    });
    const id = posted.postReview.id as string;
    expect(
      (
        await ok(
          'mutation ($id: ID!) { editReview(id: $id, input: { rating: 5 }) { rating } }',
          { id },
          grace.token,
        )
      ).editReview,
    ).toEqual({
      rating: 5,
    });
    const read = await ok(
      'query ($id: ID, $p: ID!) { product(id: $id) { rating { average count } reviews(limit: 5) { items { id } } } reviews(product_id: $p) { items { rating } } }',
      { id: lamp.id, p: lamp.id },
    );
    expect(read.product.rating).toEqual({ average: 5, count: 1 });
    expect(read.product.reviews.items).toEqual([{ id }]);
    expect(read.reviews.items).toEqual([{ rating: 5 }]);
    await failed(
      'mutation ($id: ID!) { editReview(id: $id, input: { status: HIDDEN }) { id } }',
      { id },
      grace.token,
      ['editReview'],
      'FORBIDDEN',
    );
    expect(await ok('mutation ($id: ID!) { deleteReview(id: $id) }', { id }, grace.token)).toEqual({
      deleteReview: true,
    });
  });

  it("runs a manager's product operations, and refuses them to customers with catalog's code", async () => {
    const lamp = await product(3);
    const updated = await ok(
      'mutation ($id: ID!) { updateProduct(id: $id, input: { name: "Renamed lamp", price: { amount: 999, currency: "USD" } }) { name price { amount } } }',
      { id: lamp.id },
      manager,
    );
    expect(updated.updateProduct).toEqual({ name: 'Renamed lamp', price: { amount: 999 } });
    expect(
      (
        await ok(
          'mutation ($id: ID!) { setStock(id: $id, stock_qty: 42) { stock_qty } }',
          { id: lamp.id },
          manager,
        )
      ).setStock,
    ).toEqual({
      stock_qty: 42,
    });
    const grace = await signUp();
    await failed(
      'mutation ($id: ID!) { setStock(id: $id, stock_qty: 1) { id } }',
      { id: lamp.id },
      grace.token,
      ['setStock'],
      'FORBIDDEN',
    );
    const invalid = await failed(
      'mutation ($id: ID!) { updateProduct(id: $id, input: { slug: "Not A Slug" }) { id } }',
      { id: lamp.id },
      manager,
      ['updateProduct'],
      'VALIDATION_ERROR',
    );
    expect(invalid.extensions.status).toBe(400);
    expect(await ok('mutation ($id: ID!) { deleteProduct(id: $id) }', { id: lamp.id }, manager)).toEqual({
      deleteProduct: true,
    });
  });

  it('buys: a guest cart, cart edits, a quote, checkout once per idempotency key, an order placed at once', async () => {
    const lamp = await product(10, 2_000);
    const shade = await product(10, 500);
    const grace = await signUp();
    const cartFields =
      'cart_token item_count items { product_id quantity product { id stock_qty } } subtotal { amount }';

    const guest = await ok(
      `mutation ($input: CartItemInput!) { addToCart(input: $input) { ${cartFields} } }`,
      {
        input: { product_id: lamp.id, quantity: 1 },
      },
    );
    const cartToken = guest.addToCart.cart_token as string;
    expect(cartToken).toEqual(expect.any(String));
    const asGuest = { 'x-cart-token': cartToken };
    await ok(
      `mutation ($input: CartItemInput!) { addToCart(input: $input) { item_count } }`,
      { input: { product_id: shade.id, quantity: 1 } },
      undefined,
      asGuest,
    );
    const edited = await ok(
      `mutation ($p: ID!) { updateCartItem(product_id: $p, quantity: 3) { ${cartFields} } }`,
      { p: lamp.id },
      undefined,
      asGuest,
    );
    expect(edited.updateCartItem.subtotal.amount).toBe(3 * 2_000 + 500);
    const removed = await ok(
      `mutation ($p: ID!) { removeFromCart(product_id: $p) { items { product_id } } }`,
      { p: shade.id },
      undefined,
      asGuest,
    );
    expect(removed.removeFromCart.items).toEqual([{ product_id: lamp.id }]);
    // Signed in with the guest token: the guest cart becomes hers.
    const merged = await ok(`{ cart { ${cartFields} } }`, {}, grace.token, asGuest);
    expect(merged.cart.items).toEqual([
      { product_id: lamp.id, quantity: 3, product: { id: lamp.id, stock_qty: 10 } },
    ]);

    const quote = await ok(
      'mutation ($input: QuoteInput!) { quote(input: $input) { totals { subtotal { amount } total { amount } } lines { product { id } } } }',
      { input: { items: [{ product_id: lamp.id, quantity: 3 }], country: 'US' } },
    );
    expect(quote.quote.totals.subtotal.amount).toBe(6_000);

    const checkout = `mutation ($key: String!, $input: CheckoutInput!) { checkout(idempotency_key: $key, input: $input) {
      id status items { quantity product { stock_qty } } totals { total { amount } } payment { status amount { amount } } } }`;
    const key = randomUUID();
    const first = await ok(checkout, { key, input: { payment: { card_number: approve } } }, grace.token);
    expect(first.checkout).toMatchObject({
      status: 'PAID',
      items: [{ quantity: 3, product: { stock_qty: 7 } }],
      payment: { status: 'CAPTURED' },
    });
    const again = await ok(checkout, { key, input: { payment: { card_number: approve } } }, grace.token);
    expect(again.checkout.id).toBe(first.checkout.id);

    const place = `mutation ($key: String!, $input: PlaceOrderInput!) { placeOrder(idempotency_key: $key, input: $input) { id status } }`;
    const placed = await ok(
      place,
      {
        key: randomUUID(),
        input: { items: [{ product_id: shade.id, quantity: 2 }], payment: { card_number: approve } },
      },
      grace.token,
    );
    expect(placed.placeOrder.status).toBe('PAID');
    const declined = await failed(
      place,
      {
        key: randomUUID(),
        input: { items: [{ product_id: shade.id, quantity: 1 }], payment: { card_number: decline } },
      },
      grace.token,
      ['placeOrder'],
      'PAYMENT_DECLINED',
    );
    expect(declined.extensions.status).toBe(402);

    const mine = await ok(
      '{ orders(limit: 10) { items { id status items { product { id } } } } }',
      {},
      grace.token,
    );
    expect(mine.orders.items.map((order: Json) => order.id)).toEqual(
      expect.arrayContaining([first.checkout.id, placed.placeOrder.id]),
    );
    const one = await ok(
      'query ($id: ID!) { order(id: $id) { id history { status } } }',
      { id: placed.placeOrder.id },
      grace.token,
    );
    expect(one.order.history.map((entry: Json) => entry.status)).toContain('PAID');
  });

  it('ships, delivers, cancels and refunds orders; reads payments', async () => {
    const lamp = await product(10, 3_000);
    const grace = await signUp();
    const place = async () =>
      (
        await ok(
          'mutation ($key: String!, $input: PlaceOrderInput!) { placeOrder(idempotency_key: $key, input: $input) { id payment_id } }',
          {
            key: randomUUID(),
            input: { items: [{ product_id: lamp.id, quantity: 1 }], payment: { card_number: approve } },
          },
          grace.token,
        )
      ).placeOrder as Json;
    const shipped = await place();
    expect(
      (await ok('mutation ($id: ID!) { shipOrder(id: $id) { status } }', { id: shipped.id }, manager))
        .shipOrder.status,
    ).toBe('SHIPPED');
    expect(
      (
        await ok(
          'mutation ($id: ID!) { deliverOrder(id: $id, reason: "signed for") { status } }',
          { id: shipped.id },
          manager,
        )
      ).deliverOrder.status,
    ).toBe('DELIVERED');
    await failed(
      'mutation ($id: ID!) { shipOrder(id: $id) { id } }',
      { id: shipped.id },
      grace.token,
      ['shipOrder'],
      'FORBIDDEN',
    );

    const cancelled = await place();
    expect(
      (
        await ok(
          'mutation ($id: ID!) { cancelOrder(id: $id, reason: "changed my mind") { status } }',
          { id: cancelled.id },
          grace.token,
        )
      ).cancelOrder.status,
    ).toBe('CANCELLED');

    const refunded = await place();
    const refund = await ok(
      'mutation ($p: ID!, $key: ID!) { refund(payment_id: $p, idempotency_key: $key, input: { amount: { amount: 1000, currency: "USD" }, reason: "scratched" }) { status refunded { amount } refunds { reason } } }',
      { p: refunded.payment_id, key: randomUUID() },
      manager,
    );
    expect(refund.refund).toEqual({
      status: 'PARTIALLY_REFUNDED',
      refunded: { amount: 1_000 },
      refunds: [{ reason: 'scratched' }],
    });
    const payments = await ok(
      'query ($id: ID!, $o: ID) { payment(id: $id) { order_id } payments(order_id: $o) { items { id } } }',
      {
        id: refunded.payment_id,
        o: refunded.id,
      },
      grace.token,
    );
    expect(payments.payment.order_id).toBe(refunded.id);
    expect(payments.payments.items).toEqual([{ id: refunded.payment_id }]);
  });

  it('reports analytics to managers and refuses them to customers at the field', async () => {
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const from = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const query = `query ($from: DateTime!, $to: DateTime!) { analytics {
      sales(from: $from, to: $to, interval: DAY) { currency interval points { start revenue { amount } } totals { orders } }
      top_products(from: $from, to: $to, by: UNITS, limit: 3) { by items { units product { id } } }
      funnel(from: $from, to: $to) { steps { step count } }
      customers(from: $from, to: $to) { totals { new_customers returning_customers } } } }`;
    const report = await ok(query, { from, to }, manager);
    expect(report.analytics.sales).toMatchObject({ interval: 'DAY', points: expect.any(Array) });
    expect(report.analytics.top_products.by).toBe('UNITS');
    expect(report.analytics.funnel.steps.map((step: Json) => step.step)).toEqual([
      'VIEW',
      'ADD_TO_CART',
      'BEGIN_CHECKOUT',
      'PAID',
    ]);
    const grace = await signUp();
    await failed(query, { from, to }, grace.token, ['analytics'], 'FORBIDDEN');
    // A bad range is the service's 400, at the report's field.
    await failed(
      'query ($t: DateTime!) { analytics { funnel(from: $t, to: $t) { overall_conversion } } }',
      { t: from },
      manager,
      ['analytics', 'funnel'],
      'VALIDATION_ERROR',
    );
  });
});
