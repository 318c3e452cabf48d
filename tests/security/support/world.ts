/**
 * The people and things a security test needs on a fresh platform: an admin, a manager, a customer who
 * owns things (a cart, a paid order and its payment, a review) and another customer who must not reach
 * them; plus factories for fresh ones when a test consumes what it touches.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { uniqueSuffix } from '@bodega/testing';
import { admin as adminCredentials } from './platform.js';
import { verbs, type Answer, type Json, type Send } from './http.js';

/** Who calls: nobody, the owner of the resources, another customer, staff. */
export const callers = ['anonymous', 'customer', 'other', 'manager', 'admin'] as const;
export type Caller = (typeof callers)[number];

export const password = 'correct horse battery staple';
/** The test card that approves (services/payments/README.md). */
export const approvingCard = '4242 4242 4242 4242';

export interface Account {
  id: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
}

export interface World {
  accounts: Record<Exclude<Caller, 'anonymous'>, Account>;
  /** The access token of a caller, `undefined` for anonymous. */
  tokenOf: (caller: Caller) => string | undefined;
  /** A new session of a caller (its own access and refresh tokens), for tests that end sessions. */
  freshSession: (caller: Exclude<Caller, 'anonymous'>) => Promise<{ token: string; refreshToken: string }>;
  category: string;
  /** An active product in stock, created by staff. */
  product: Json;
  newProduct: (fields?: Json) => Promise<Json>;
  /** The answer to creating a product with these fields, whatever it is. */
  newProductAnswer: (fields?: Json) => Promise<Answer>;
  /** A paid order of the customer, and its payment's id. */
  order: Json;
  paymentId: string;
  newOrder: () => Promise<{ order: Json; paymentId: string }>;
  /** A review written by the customer on a product of its own. */
  newReview: () => Promise<Json>;
  /** A new customer account (not one of the cast), signed in. */
  newCustomer: () => Promise<Account>;
  /** A product only the customer puts in a cart. */
  cartProduct: Json;
  /** Makes sure the customer's cart holds `cartProduct`. */
  fillCustomerCart: () => Promise<void>;
  /** A guest cart's token. */
  newGuestCart: () => Promise<string>;
  promotionCode: string;
}

const tag = () => uniqueSuffix().replace(/[^a-z0-9]/g, '');

/** Populates a fresh platform (reached through `send`) with the cast and their things. */
export async function populate(send: Send): Promise<World> {
  const { get, post, patch } = verbs(send);

  async function signIn(email: string, secret: string) {
    const session = await post('/api/v1/auth/login', { email, password: secret });
    expect(session.status, session.text).toBe(200);
    return {
      id: session.body.user.id as string,
      token: session.body.access_token as string,
      refreshToken: session.body.refresh_token as string,
    };
  }

  async function register(prefix: string): Promise<Account> {
    const email = `${prefix}-${tag()}@example.com`;
    const registered = await post('/api/v1/auth/register', { email, password, name: prefix });
    expect(registered.status, registered.text).toBe(201);
    return { email, password, ...(await signIn(email, password)) };
  }

  const adminSession = await signIn(adminCredentials.email, adminCredentials.password);
  const adminAccount: Account = { ...adminCredentials, ...adminSession };
  const staff = adminAccount.token;

  const promoted = await register('manager');
  const promotion = await patch(`/api/v1/users/${promoted.id}`, { role: 'manager' }, staff);
  expect(promotion.status, promotion.text).toBe(200);
  // The role change ended its sessions: sign in again to get a token that says manager.
  const manager: Account = { ...promoted, ...(await signIn(promoted.email, password)) };

  const accounts = {
    customer: await register('customer'),
    other: await register('other'),
    manager,
    admin: adminAccount,
  };

  const category = `security-${tag()}`;
  const created = await post('/api/v1/categories', { slug: category, name: 'Security' }, staff);
  expect(created.status, created.text).toBe(201);

  async function newProductAnswer(fields: Json = {}): Promise<Answer> {
    const id = tag();
    return post(
      '/api/v1/products',
      {
        name: `Lantern ${id}`,
        description: 'Brass, hand made',
        category,
        sku: `LANTERN-${id}`,
        price: { amount: 1_500, currency: 'USD' },
        stock_qty: 1_000,
        ...fields,
      },
      staff,
    );
  }

  async function newProduct(fields: Json = {}): Promise<Json> {
    const answer = await newProductAnswer(fields);
    expect(answer.status, answer.text).toBe(201);
    return answer.body;
  }

  const product = await newProduct();
  const cartProduct = await newProduct();

  async function newOrder() {
    const placed = await post(
      '/api/v1/orders',
      { items: [{ product_id: product.id, quantity: 1 }], payment: { card_number: approvingCard } },
      accounts.customer.token,
      { 'idempotency-key': randomUUID() },
    );
    expect(placed.status, placed.text).toBe(201);
    const listed = await get(`/api/v1/payments?order_id=${placed.body.id}`, accounts.customer.token);
    expect(listed.body.items, listed.text).toHaveLength(1);
    return { order: placed.body, paymentId: listed.body.items[0].id as string };
  }

  async function newReview() {
    const reviewed = await newProduct();
    const review = await post(
      `/api/v1/products/${reviewed.id}/reviews`,
      { rating: 4, title: 'Bright enough', body: 'Lights the porch' },
      accounts.customer.token,
    );
    expect(review.status, review.text).toBe(201);
    return review.body;
  }

  async function fillCustomerCart() {
    const added = await post(
      '/api/v1/cart/items',
      { product_id: cartProduct.id, quantity: 1 },
      accounts.customer.token,
    );
    expect(added.status, added.text).toBe(200);
  }

  async function newGuestCart() {
    const added = await post('/api/v1/cart/items', { product_id: product.id, quantity: 1 });
    expect(added.status, added.text).toBe(200);
    return added.body.cart_token as string;
  }

  const promotionCode = `SEC${tag().toUpperCase().slice(0, 20)}`;
  const promo = await post(
    '/api/v1/promotions',
    { code: promotionCode, description: 'Ten off', kind: 'percentage', value: 10, currency: 'USD' },
    staff,
  );
  expect(promo.status, promo.text).toBe(201);

  const { order, paymentId } = await newOrder();
  await fillCustomerCart();

  return {
    accounts,
    tokenOf: (caller) => (caller === 'anonymous' ? undefined : accounts[caller].token),
    freshSession: async (caller) => {
      const { token, refreshToken } = await signIn(accounts[caller].email, accounts[caller].password);
      return { token, refreshToken };
    },
    category,
    product,
    newProduct,
    newProductAnswer,
    order,
    paymentId,
    newOrder,
    newReview,
    newCustomer: () => register('customer'),
    cartProduct,
    fillCustomerCart,
    newGuestCart,
    promotionCode,
  };
}
