import { randomBytes, randomUUID } from 'node:crypto';
import { mulberry32 } from '@bodega/catalog';
import type { BeaconBatch, BeaconEvent } from '@bodega/contracts';

/** Where the demo history is sent: each service directly (not the gateway, whose per-address limit is the visitor's). */
export interface DemoUrls {
  identity: string;
  catalog: string;
  orders: string;
  analytics: string;
}

export interface DemoHistoryOptions {
  urls: DemoUrls;
  /** Past orders over the last year, through orders' import (`bodega seed --orders`). */
  importOrders: (count: number) => Promise<{ created: number }>;
  /** Orders of the past year. */
  pastOrders?: number;
  /** Anonymous browsing sessions of the past week (they view, some add to cart, some begin checkout). */
  sessions?: number;
  /** Customers who browse, check out and pay with the test card, today. */
  buyers?: number;
  seed?: number;
  now?: Date;
}

export interface DemoHistoryResult {
  orders: number;
  sessions: number;
  paid: number;
}

interface Product {
  id: string;
}

const minute = 60_000;
const day = 24 * 60 * minute;
/** Beacons older than a week are refused by analytics: the browsing sessions stay inside six days. */
const sessionWindow = 6 * day;

/**
 * A newcomer's first `npm start` opens an admin with a past: a year of orders (sales, top products,
 * returning customers), a week of browsing sessions that view, add to cart and begin checkout (the
 * funnel), and a few customers who check out today with the approving test card (its last step, and
 * real orders in the orders page). Everything goes through the services' own routes, as a shop's
 * traffic would: nothing is written behind a service's back.
 */
export async function loadDemoHistory(options: DemoHistoryOptions): Promise<DemoHistoryResult> {
  const now = options.now ?? new Date();
  const random = mulberry32(options.seed ?? 7);
  const products = await json<{ items: Product[] }>(
    `${options.urls.catalog}/api/v1/products?in_stock=true&limit=50`,
  );
  const ids = products.items.map((product) => product.id);
  if (ids.length === 0) return { orders: 0, sessions: 0, paid: 0 };
  const pick = (): string => ids[Math.floor(random() * ids.length)] ?? ids[0] ?? '';

  const { created } = await options.importOrders(options.pastOrders ?? 400);

  let sessions = 0;
  for (let index = 0; index < (options.sessions ?? 60); index += 1) {
    const started = now.getTime() - Math.floor(random() * sessionWindow) - 10 * minute;
    const events: BeaconEvent[] = [];
    const at = (offset: number) => new Date(started + offset * minute).toISOString();
    const product = pick();
    const viewed = [product, pick()].slice(0, 1 + Math.floor(random() * 2));
    viewed.forEach((product_id, step) =>
      events.push({ type: 'product_view', product_id, occurred_at: at(step) }),
    );
    if (random() < 0.45) {
      events.push({
        type: 'add_to_cart',
        product_id: product,
        occurred_at: at(3),
        properties: { quantity: 1 },
      });
      if (random() < 0.5) events.push({ type: 'begin_checkout', occurred_at: at(5) });
    }
    await beacons(options.urls.analytics, { session_id: `demo-${index}`, events });
    sessions += 1;
  }

  let paid = 0;
  for (let index = 0; index < (options.buyers ?? 3); index += 1) {
    await buy(options.urls, pick(), `demo-buyer-${index}`, now);
    paid += 1;
  }
  return { orders: created, sessions: sessions + paid, paid };
}

/** One customer's session: an account, a product viewed and added, checkout begun, paid with 4242. */
async function buy(urls: DemoUrls, productId: string, name: string, now: Date): Promise<void> {
  const email = `${name}-${randomBytes(3).toString('hex')}@example.com`;
  const password = randomBytes(18).toString('base64url');
  await json(`${urls.identity}/api/v1/auth/register`, { body: { email, password, name: 'Demo customer' } });
  const { access_token } = await json<{ access_token: string }>(`${urls.identity}/api/v1/auth/login`, {
    body: { email, password },
  });
  const signedIn = { authorization: `Bearer ${access_token}` };
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * minute).toISOString();
  await beacons(
    urls.analytics,
    {
      session_id: `demo-${name}`,
      events: [
        { type: 'product_view', product_id: productId, occurred_at: at(6) },
        { type: 'add_to_cart', product_id: productId, occurred_at: at(5), properties: { quantity: 1 } },
        { type: 'begin_checkout', occurred_at: at(4) },
      ],
    },
    signedIn,
  );
  await json(`${urls.orders}/api/v1/cart/items`, {
    body: { product_id: productId, quantity: 1 },
    headers: signedIn,
  });
  await json(`${urls.orders}/api/v1/checkout`, {
    body: { payment: { card_number: '4242424242424242' } },
    headers: { ...signedIn, 'idempotency-key': randomUUID() },
  });
}

async function beacons(analytics: string, batch: BeaconBatch, headers: Record<string, string> = {}) {
  await json(`${analytics}/api/v1/events`, { body: batch, headers });
}

async function json<T = unknown>(
  url: string,
  init: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const response = await fetch(url, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok)
    throw new Error(`${new URL(url).pathname} answered ${response.status}: ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}
