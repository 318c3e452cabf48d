/**
 * A shop on the fault platform, driven through the gateway like any client: staff, products,
 * customers, checkouts. Every request has a deadline, so a hang shows as a failure, not a stuck run.
 */
import { randomUUID } from 'node:crypto';
import { uniqueSuffix } from '@bodega/testing';
import { admin } from './fault-platform.js';

// Bodies are read loosely: each scenario asserts the fields it cares about.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface Answer {
  status: number;
  headers: Headers;
  body: Json;
}

/** What a request that got no HTTP answer at all (reset, refused, deadline) counts as. */
export const noAnswer = 0;

export const approvedCard = '4242 4242 4242 4242';

/** A JSON client of `baseUrl`; a request without an answer within `timeoutMs` resolves to status 0. */
export function api(baseUrl: string, timeoutMs = 15_000) {
  return async function call(
    method: string,
    route: string,
    body?: unknown,
    token?: string,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    try {
      const response = await fetch(`${baseUrl}${route}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let parsed: Json = {};
      try {
        parsed = text ? (JSON.parse(text) as Json) : {};
      } catch {
        parsed = { text };
      }
      return { status: response.status, headers: response.headers, body: parsed };
    } catch (error) {
      return { status: noAnswer, headers: new Headers(), body: { transport_error: String(error) } };
    }
  };
}

export type Call = ReturnType<typeof api>;

/** Fails with what was answered when `answer` is not `status`. */
export function must(answer: Answer, status: number, what: string): Json {
  if (answer.status !== status)
    throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export interface Shop {
  call: Call;
  staffToken: string;
  category: string;
}

/** Signs the bootstrap admin in and creates a category of this run. */
export async function openShop(gatewayUrl: string): Promise<Shop> {
  const call = api(gatewayUrl);
  const session = must(await call('POST', '/api/v1/auth/login', admin), 200, 'admin login');
  const staffToken = session.access_token as string;
  const category = `faults-${uniqueSuffix()}`;
  must(
    await call(
      'POST',
      '/api/v1/categories',
      { slug: category, name: 'Faults', description: 'Drills' },
      staffToken,
    ),
    201,
    'create category',
  );
  return { call, staffToken, category };
}

export interface Product {
  id: string;
  name: string;
  stock: number;
  price: number;
}

/** A product of the shop's category with `stock` units at `price` minor units. */
export async function createProduct(shop: Shop, stock: number, price = 1_500): Promise<Product> {
  const tag = uniqueSuffix();
  const name = `Drill bit ${tag}`;
  const created = must(
    await shop.call(
      'POST',
      '/api/v1/products',
      {
        slug: `bit-${tag}`,
        name,
        description: 'Hardened steel, for fault drills',
        category: shop.category,
        sku: `BIT-${tag}`,
        price: { amount: price, currency: 'USD' },
        stock_qty: stock,
      },
      shop.staffToken,
    ),
    201,
    'create product',
  );
  return { id: created.id as string, name, stock, price };
}

export interface Customer {
  id: string;
  email: string;
  token: string;
}

/** A registered, signed-in customer. */
export async function createCustomer(shop: Shop): Promise<Customer> {
  const email = `shopper-${uniqueSuffix()}@example.com`;
  const password = 'long enough password';
  const registered = must(
    await shop.call('POST', '/api/v1/auth/register', { email, password }),
    201,
    'register',
  );
  const session = must(await shop.call('POST', '/api/v1/auth/login', { email, password }), 200, 'login');
  return { id: registered.id as string, email, token: session.access_token as string };
}

/** `POST /orders` for `items`, paid with an approved card, under `key`. */
export function placeOrder(
  shop: Shop,
  customer: Customer,
  items: { product_id: string; quantity: number }[],
  key: string = randomUUID(),
): Promise<Answer> {
  return shop.call(
    'POST',
    '/api/v1/orders',
    { items, payment: { card_number: approvedCard } },
    customer.token,
    {
      'idempotency-key': key,
    },
  );
}
