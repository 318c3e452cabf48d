/**
 * Who may call what: one reviewed line per public operation (method + path template of the OpenAPI
 * document), with what each kind of caller must get. The authorization matrix test holds the running
 * platform to it, and fails when the document has an operation this table does not list, so no route
 * reaches the public door without someone deciding who may use it.
 *
 * The callers: `anonymous` (no token), `customer` (the owner of the cart, order, payment and review the
 * samples name), `other` (another customer), `manager`, `admin`. The outcomes:
 * - `ok`: a 2xx;
 * - `allow`: past authorization: anything but 401, 403 or a 5xx (a 404 for a guest without a cart, a
 *   409 for an order already shipped...);
 * - 401: authentication needed; 403: authenticated but not allowed; 404: not yours, and nothing says
 *   whether it exists.
 *
 * Each line also holds a sample: a request that an allowed caller makes successfully, so that a deny is
 * the policy speaking, not a validation error.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { OperationKey } from './support/document.js';
import type { Answer, Json } from './support/http.js';
import { approvingCard, type Caller, type World } from './support/world.js';

export type Outcome = 'ok' | 'allow' | 401 | 403 | 404;
export type Expectation = Record<Caller, Outcome>;

/** One request, relative to the operation: its path parameters, query, body, headers. */
export interface Sample {
  params?: Record<string, string>;
  /** Without the `?`. */
  query?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent instead of the caller's usual token (a session the request may end). */
  token?: string | undefined;
}

export interface Rule {
  /** What this line checks, when an operation has several (e.g. with and without `customer_id`). */
  variant?: string;
  expect: Expectation;
  sample?: (world: World, caller: Caller) => Sample | Promise<Sample>;
  /** What else an allowed answer must show: another customer sees only their own things. */
  check?: (answer: Answer, world: World, caller: Caller) => void;
}

const everyone: Expectation = { anonymous: 'ok', customer: 'ok', other: 'ok', manager: 'ok', admin: 'ok' };
const signedIn: Expectation = { anonymous: 401, customer: 'ok', other: 'ok', manager: 'ok', admin: 'ok' };
const staff: Expectation = { anonymous: 401, customer: 403, other: 403, manager: 'ok', admin: 'ok' };
const adminOnly: Expectation = { anonymous: 401, customer: 403, other: 403, manager: 403, admin: 'ok' };
/** Owner-scoped: the customer's own thing, and staff's; anyone else is told it does not exist. */
const ownerOrStaff: Expectation = { anonymous: 401, customer: 'ok', other: 404, manager: 'ok', admin: 'ok' };
/** Owner-scoped by a `customer_id` in the query: another customer asking is refused outright. */
const selfOrStaff: Expectation = { anonymous: 401, customer: 'ok', other: 403, manager: 'ok', admin: 'ok' };

const own = (world: World, caller: Caller) =>
  caller === 'anonymous' ? undefined : world.accounts[caller].id;
const tag = () => randomUUID().slice(0, 8);

/** The answer is about the caller themself. */
const isOwn = (field: string) => (answer: Answer, world: World, caller: Caller) => {
  if (caller !== 'anonymous') expect(answer.body[field], answer.text).toBe(own(world, caller));
};

/** A customer's list holds only their own things. */
const onlyOwnItems = (answer: Answer, world: World, caller: Caller) => {
  if (caller !== 'customer' && caller !== 'other') return;
  for (const item of answer.body.items as Json[]) expect(item.customer_id).toBe(own(world, caller));
  if (caller === 'other')
    expect(answer.body.items.map((item: Json) => item.id)).not.toContain(world.order.id);
};

const analyticsQuery = { query: 'from=2026-01-01T00:00:00Z&to=2026-01-08T00:00:00Z' };
const beacon = {
  session_id: 'security-suite',
  events: [{ type: 'page_view', occurred_at: new Date().toISOString() }],
};

/** A line of the customer's cart (refilled before the customer touches it): in no one else's. */
async function cartLine(world: World, caller: Caller): Promise<Sample> {
  if (caller === 'customer') await world.fillCustomerCart();
  return { params: { product_id: world.cartProduct.id as string } };
}

export const policy: Record<OperationKey, Rule[]> = {
  // Identity: the session lifecycle is open to anyone; the rest is about oneself, or for admins.
  'POST /api/v1/auth/register': [
    {
      expect: everyone,
      sample: () => ({ body: { email: `new-${tag()}@example.com`, password: 'a long password' } }),
    },
  ],
  'POST /api/v1/auth/login': [
    {
      expect: everyone,
      sample: (world) => ({
        body: { email: world.accounts.customer.email, password: world.accounts.customer.password },
      }),
    },
  ],
  'POST /api/v1/auth/refresh': [
    {
      expect: everyone,
      sample: async (world) => ({
        body: { refresh_token: (await world.freshSession('customer')).refreshToken },
      }),
    },
  ],
  'POST /api/v1/auth/logout': [
    {
      // Without a refresh token, the bearer's own session ends: the caller needs one (a fresh one here).
      expect: signedIn,
      sample: async (world, caller) => ({
        token: caller === 'anonymous' ? undefined : (await world.freshSession(caller)).token,
      }),
    },
  ],
  'GET /api/v1/me': [{ expect: signedIn, check: isOwn('id') }],
  'PATCH /api/v1/me': [
    { expect: signedIn, sample: () => ({ body: { name: 'Renamed' } }), check: isOwn('id') },
  ],
  'GET /api/v1/users': [{ expect: adminOnly }],
  'PATCH /api/v1/users/{id}': [
    {
      expect: adminOnly,
      sample: async (world) => ({
        params: { id: (await world.newCustomer()).id },
        body: { role: 'customer' },
      }),
    },
  ],

  // Catalog: public reads; writes and hidden things for staff; reviews by their authors.
  'GET /api/v1/products': [
    { expect: everyone },
    {
      variant: 'inactive products included',
      expect: staff,
      sample: () => ({ query: 'include_inactive=true' }),
    },
  ],
  'POST /api/v1/products': [
    {
      expect: staff,
      sample: (world) => ({
        body: {
          name: `Candle ${tag()}`,
          category: world.category,
          sku: `CANDLE-${tag()}`,
          price: { amount: 900, currency: 'USD' },
          stock_qty: 5,
        },
      }),
    },
  ],
  'GET /api/v1/products/{id}': [
    { expect: everyone, sample: (world) => ({ params: { id: world.product.id } }) },
  ],
  'PATCH /api/v1/products/{id}': [
    {
      expect: staff,
      sample: (world) => ({ params: { id: world.product.id }, body: { description: 'Brass, polished' } }),
    },
  ],
  'DELETE /api/v1/products/{id}': [
    { expect: staff, sample: async (world) => ({ params: { id: (await world.newProduct()).id } }) },
  ],
  'PUT /api/v1/products/{id}/stock': [
    {
      expect: staff,
      sample: (world) => ({ params: { id: world.product.id }, body: { stock_qty: 1_000 } }),
    },
  ],
  'GET /api/v1/categories': [{ expect: everyone }],
  'POST /api/v1/categories': [
    { expect: staff, sample: () => ({ body: { slug: `shelf-${tag()}`, name: 'Shelves' } }) },
  ],
  'GET /api/v1/products/{id}/reviews': [
    { expect: everyone, sample: (world) => ({ params: { id: world.product.id } }) },
    {
      variant: 'hidden reviews included',
      expect: staff,
      sample: (world) => ({ params: { id: world.product.id }, query: 'status=all' }),
    },
  ],
  'POST /api/v1/products/{id}/reviews': [
    {
      expect: signedIn,
      sample: async (world) => ({
        params: { id: (await world.newProduct()).id },
        body: { rating: 5, title: 'Good' },
      }),
    },
  ],
  'PATCH /api/v1/reviews/{id}': [
    {
      variant: 'the words, which only the author edits',
      expect: { anonymous: 401, customer: 'ok', other: 403, manager: 403, admin: 403 },
      sample: async (world) => ({ params: { id: (await world.newReview()).id }, body: { title: 'Changed' } }),
    },
    {
      variant: 'moderation, which only staff does',
      expect: staff,
      sample: async (world) => ({ params: { id: (await world.newReview()).id }, body: { status: 'hidden' } }),
    },
  ],
  'DELETE /api/v1/reviews/{id}': [
    {
      // Reviews are public, so another customer is told 403, not a 404 that would hide nothing.
      expect: { anonymous: 401, customer: 'ok', other: 403, manager: 'ok', admin: 'ok' },
      sample: async (world) => ({ params: { id: (await world.newReview()).id } }),
    },
  ],

  // Search: public, except someone else's personal recommendations.
  'GET /api/v1/search': [{ expect: everyone, sample: () => ({ query: 'q=lantern' }) }],
  'GET /api/v1/recommendations': [
    { expect: everyone },
    {
      variant: "for a customer's history",
      expect: selfOrStaff,
      sample: (world) => ({ query: `customer_id=${world.accounts.customer.id}` }),
    },
  ],

  // Orders: a cart is always the caller's own (a guest's by its token), orders are their customer's.
  'GET /api/v1/cart': [
    {
      // A guest without a cart token has no cart: 404, which is not a denial.
      expect: { ...everyone, anonymous: 'allow' },
      check: isOwn('customer_id'),
    },
  ],
  'DELETE /api/v1/cart': [{ expect: { ...everyone, anonymous: 'allow' }, check: isOwn('customer_id') }],
  'POST /api/v1/cart/items': [
    {
      expect: everyone,
      sample: (world) => ({ body: { product_id: world.product.id, quantity: 1 } }),
      check: isOwn('customer_id'),
    },
  ],
  'PATCH /api/v1/cart/items/{product_id}': [
    {
      // The line is in the customer's cart only: anyone else has no such line in theirs.
      expect: { anonymous: 'allow', customer: 'ok', other: 404, manager: 'allow', admin: 'allow' },
      sample: async (world, caller) => ({ ...(await cartLine(world, caller)), body: { quantity: 2 } }),
      check: isOwn('customer_id'),
    },
  ],
  'DELETE /api/v1/cart/items/{product_id}': [
    {
      // Taking out a line that is not there leaves the caller's own cart as it is.
      expect: { ...everyone, anonymous: 'allow' },
      sample: cartLine,
      check: isOwn('customer_id'),
    },
  ],
  'POST /api/v1/cart/merge': [
    { expect: signedIn, sample: async (world) => ({ body: { cart_token: await world.newGuestCart() } }) },
  ],
  'POST /api/v1/pricing/quote': [
    {
      expect: everyone,
      sample: (world) => ({
        body: { items: [{ product_id: world.product.id, quantity: 2 }], country: 'US' },
      }),
    },
  ],
  'GET /api/v1/promotions': [{ expect: staff }],
  'POST /api/v1/promotions': [
    {
      expect: staff,
      sample: () => ({
        body: {
          code: `P${tag().toUpperCase()}`,
          description: 'Five off',
          kind: 'fixed',
          value: 500,
          currency: 'USD',
        },
      }),
    },
  ],
  'PATCH /api/v1/promotions/{code}': [
    {
      expect: staff,
      sample: (world) => ({ params: { code: world.promotionCode }, body: { description: 'Still ten off' } }),
    },
  ],
  'POST /api/v1/orders': [
    {
      expect: signedIn,
      sample: (world) => ({
        body: {
          items: [{ product_id: world.product.id, quantity: 1 }],
          payment: { card_number: approvingCard },
        },
        headers: { 'idempotency-key': randomUUID() },
      }),
    },
  ],
  'GET /api/v1/orders': [
    { expect: signedIn, check: onlyOwnItems },
    {
      variant: "filtered to one customer's orders",
      expect: selfOrStaff,
      sample: (world) => ({ query: `customer_id=${world.accounts.customer.id}` }),
    },
  ],
  'POST /api/v1/checkout': [
    {
      // Only the customer has something in the cart; the others' empty carts are refused, not denied.
      expect: { anonymous: 401, customer: 'ok', other: 'allow', manager: 'allow', admin: 'allow' },
      sample: async (world, caller) => {
        if (caller === 'customer') await world.fillCustomerCart();
        return {
          body: { payment: { card_number: approvingCard } },
          headers: { 'idempotency-key': randomUUID() },
        };
      },
    },
  ],
  'GET /api/v1/orders/{id}': [
    { expect: ownerOrStaff, sample: (world) => ({ params: { id: world.order.id } }) },
  ],
  'POST /api/v1/orders/{id}/cancel': [
    {
      expect: ownerOrStaff,
      sample: async (world) => ({
        params: { id: (await world.newOrder()).order.id },
        body: { reason: 'Changed my mind' },
      }),
    },
  ],
  'POST /api/v1/orders/{id}/status': [
    {
      expect: staff,
      sample: async (world) => ({
        params: { id: (await world.newOrder()).order.id },
        body: { status: 'shipped' },
      }),
    },
  ],

  // Payments: read by their customer and staff; refunds by staff.
  'GET /api/v1/payments': [{ expect: signedIn, check: onlyOwnItems }],
  'GET /api/v1/payments/{id}': [
    { expect: ownerOrStaff, sample: (world) => ({ params: { id: world.paymentId } }) },
  ],
  'POST /api/v1/payments/{id}/refund': [
    {
      expect: staff,
      sample: async (world) => ({
        params: { id: (await world.newOrder()).paymentId },
        body: { reason: 'Damaged' },
        headers: { 'idempotency-key': randomUUID() },
      }),
    },
  ],

  // Analytics: beacons from anyone, reports for staff.
  'POST /api/v1/events': [{ expect: everyone, sample: () => ({ body: beacon }) }],
  'GET /api/v1/analytics/sales': [{ expect: staff, sample: () => analyticsQuery }],
  'GET /api/v1/analytics/top-products': [{ expect: staff, sample: () => analyticsQuery }],
  'GET /api/v1/analytics/funnel': [{ expect: staff, sample: () => analyticsQuery }],
  'GET /api/v1/analytics/customers': [{ expect: staff, sample: () => analyticsQuery }],

  // The gateway's own: the status page for anyone, the operations API for staff, dead letters for admins.
  'GET /api/v1/status': [{ expect: everyone }],
  'GET /api/v1/ops/overview': [{ expect: staff }],
  'GET /api/v1/ops/dead-letters': [{ expect: adminOnly, sample: () => ({ query: 'service=search' }) }],
  'POST /api/v1/ops/dead-letters/replay': [
    { expect: adminOnly, sample: () => ({ body: { service: 'search' } }) },
  ],
  'GET /api/v1/ops/traces': [{ expect: staff }],
  'GET /api/v1/ops/traces/{trace_id}': [
    {
      // A trace no service holds: a 404 for staff, which is not a denial.
      expect: { ...staff, manager: 'allow', admin: 'allow' },
      sample: () => ({ params: { trace_id: randomUUID().replace(/-/g, '') } }),
    },
  ],
};
