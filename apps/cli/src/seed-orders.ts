import { createServiceTokenSigner } from '@bodega/auth';
import { mulberry32 } from '@bodega/catalog';
import { idAt } from '@bodega/db';
import type { ImportInput } from '@bodega/orders';
import { progressBar, type Progress } from './progress.js';
import { UsageError } from './usage-error.js';

export interface SeedOrdersOptions {
  orders: number;
  seed: number;
  /** Orders per request to orders' import route (it takes at most 1,000). */
  batchSize: number;
  catalogUrl: string;
  ordersUrl: string;
  /** The CLI's own service key: orders lets `cli` alone import. */
  privateKey: string;
  progress?: Progress;
  /** The clock of "a year back from now". */
  now?: Date;
}

export interface SeedOrdersResult {
  created: number;
  skipped: number;
  seconds: number;
}

interface CatalogProduct {
  id: string;
  name: string;
  sku: string;
  price: { amount: number; currency: string };
}

type ImportedOrder = ImportInput['orders'][number];

const day = 86_400_000;
/** The products orders are made of: a sample of the catalog, read through its public list. */
const productSample = 2_000;

/**
 * `bodega seed --orders N`: a year of past orders (same seed, same orders), sent to orders'
 * `/internal/orders/import` with a service token. Each is paid, shipped or delivered as its age says,
 * made of one to three products of the live catalog at their current prices, for customers who come
 * back (one customer for every four orders), and announced by `orders.order.placed` at its time, so
 * analytics' sales and search's popularity fill up as if the year had happened.
 */
export async function seedOrders(options: SeedOrdersOptions): Promise<SeedOrdersResult> {
  const products = await sampleProducts(options.catalogUrl);
  if (products.length === 0)
    throw new UsageError('the catalog has no product: seed products first (--products N)');
  // Anchored to the start of the day: the same seed on the same day makes the same orders.
  const today = new Date((options.now ?? new Date()).toISOString().slice(0, 10));
  const orders = generateOrders({ ...options, products, now: today });
  const signer = createServiceTokenSigner(options.privateKey, 'cli');
  const endpoint = new URL('/internal/orders/import', options.ordersUrl);
  const bar = progressBar(orders.length, 'orders', options.progress);
  const started = performance.now();
  let created = 0;
  let skipped = 0;
  for (let start = 0; start < orders.length; start += options.batchSize) {
    const batch = orders.slice(start, start + options.batchSize);
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-service-token': await signer.token('orders') },
      body: JSON.stringify({ orders: batch }),
      signal: AbortSignal.timeout(120_000),
    }).catch((error: unknown) => {
      throw new UsageError(`orders at ${options.ordersUrl} does not answer (${String(error)})`);
    });
    if (!response.ok) throw new Error(`orders refused a batch: ${response.status} ${await response.text()}`);
    const counts = (await response.json()) as { created: number; skipped: number };
    created += counts.created;
    skipped += counts.skipped;
    bar.update(start + batch.length, performance.now() - started);
  }
  bar.done();
  return { created, skipped, seconds: (performance.now() - started) / 1000 };
}

async function sampleProducts(catalogUrl: string): Promise<CatalogProduct[]> {
  const products: CatalogProduct[] = [];
  let cursor: string | null = null;
  do {
    const url = new URL('/api/v1/products', catalogUrl);
    url.searchParams.set('limit', '100');
    if (cursor) url.searchParams.set('cursor', cursor);
    const response = await fetch(url, { signal: AbortSignal.timeout(30_000) }).catch((error: unknown) => {
      throw new UsageError(`catalog at ${catalogUrl} does not answer (${String(error)})`);
    });
    if (!response.ok) throw new Error(`catalog answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { items: CatalogProduct[]; next_cursor: string | null };
    products.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && products.length < productSample);
  return products;
}

/** The orders of a seed, oldest first: a pure function of its options, so a second run imports nothing new. */
export function generateOrders(options: {
  orders: number;
  seed: number;
  products: CatalogProduct[];
  now: Date;
}): ImportedOrder[] {
  const random = mulberry32(options.seed);
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const currency = options.products[0]?.price.currency ?? 'USD';
  const yearAgo = options.now.getTime() - 365 * day;
  const customers = Array.from({ length: Math.max(1, Math.round(options.orders / 4)) }, () =>
    idAt(new Date(yearAgo - between(0, 365) * day), random),
  );
  const times = Array.from({ length: options.orders }, () => yearAgo + Math.floor(random() * 365 * day)).sort(
    (a, b) => a - b,
  );
  return times.map((time) => {
    const placedAt = new Date(time);
    const age = options.now.getTime() - time;
    const chosen = new Map<string, CatalogProduct>();
    const lineCount = between(1, 3);
    while (chosen.size < Math.min(lineCount, options.products.length)) {
      const product = pick(options.products);
      chosen.set(product.id, product);
    }
    const lines = [...chosen.values()].map((product) => ({
      product_id: product.id,
      name: product.name,
      sku: product.sku,
      quantity: between(1, 3),
      unit_price: product.price.amount,
    }));
    const subtotal = lines.reduce((sum, line) => sum + line.quantity * line.unit_price, 0);
    return {
      id: idAt(placedAt, random),
      customer_id: pick(customers),
      placed_at: placedAt.toISOString(),
      status: age > 4 * day ? 'delivered' : age > day ? 'shipped' : 'paid',
      currency,
      shipping: subtotal >= 5_000 ? 0 : 499,
      lines,
    };
  });
}
