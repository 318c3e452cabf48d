import path from 'node:path';
import { createServiceTokenSigner } from '@bodega/auth';
import { generateCatalog } from '@bodega/catalog';
import { loadOrCreateServiceKeys } from '@bodega/kit';
import { progressBar, type Progress } from './progress.js';
import { UsageError } from './usage-error.js';

export interface SeedOptions {
  products: number;
  seed: number;
  /** Products per request to catalog's batch route (it takes at most 1,000). */
  batchSize: number;
  catalogUrl: string;
  /** The CLI's own service key (`CLI_SERVICE_PRIVATE_KEY`): catalog lets `cli` alone seed. */
  privateKey: string;
  /** Where the progress bar goes; nothing when absent. */
  progress?: Progress;
}

export interface SeedResult {
  created: number;
  skipped: number;
  seconds: number;
}

/**
 * `bodega seed --products N [--seed S]`: a deterministic catalog (same seed, same products) sent to
 * catalog's `/internal/products/batch` with a service token. Products that exist (by slug) are skipped,
 * so seeding twice is harmless; every new product is written with its `catalog.product.updated` event,
 * which is how search indexes it.
 */
export async function seed(options: SeedOptions): Promise<SeedResult> {
  const { categories, products } = generateCatalog({ products: options.products, seed: options.seed });
  const signer = createServiceTokenSigner(options.privateKey, 'cli');
  const endpoint = new URL('/internal/products/batch', options.catalogUrl);
  const bar = progressBar(products.length, 'products', options.progress);
  const started = performance.now();
  let created = 0;
  let skipped = 0;
  for (let start = 0; start < products.length || start === 0; start += options.batchSize) {
    const batch = products.slice(start, start + options.batchSize);
    const response = await fetch(endpoint, {
      method: 'POST',
      // Service tokens travel in their own header: Authorization carries user tokens only.
      headers: { 'content-type': 'application/json', 'x-service-token': await signer.token('catalog') },
      // Categories go with the first batch: every product after it finds its category.
      body: JSON.stringify({ categories: start === 0 ? categories : [], products: batch }),
      signal: AbortSignal.timeout(60_000),
    }).catch((error: unknown) => {
      throw new UsageError(`catalog at ${options.catalogUrl} does not answer (${String(error)})`);
    });
    if (!response.ok) {
      throw new Error(`catalog refused a batch: ${response.status} ${await response.text()}`);
    }
    const counts = (await response.json()) as { created: number; skipped: number };
    created += counts.created;
    skipped += counts.skipped;
    bar.update(start + batch.length, performance.now() - started);
    if (products.length === 0) break;
  }
  bar.done();
  return { created, skipped, seconds: (performance.now() - started) / 1000 };
}

/** Reads `bodega seed`'s settings from its flags and the environment, as the services would. */
export function seedOptionsFrom(
  flags: { products?: string; orders?: string; seed?: string; batch?: string },
  env: NodeJS.ProcessEnv,
): Omit<SeedOptions, 'progress'> & { orders: number; ordersUrl: string } {
  // Products by default; with only --orders, orders of the catalog that is there.
  const products = integerFlag('--products', flags.products ?? (flags.orders ? '0' : '1000'), 0, 10_000_000);
  const orders = integerFlag('--orders', flags.orders ?? '0', 0, 10_000_000);
  const seedValue = integerFlag('--seed', flags.seed ?? '1', 0, 2 ** 31 - 1);
  const batchSize = integerFlag('--batch', flags.batch ?? '1000', 1, 1000);
  const dataDir = path.resolve(env.BODEGA_DATA_DIR ?? '.bodega/data');
  // Embedded mode keeps the CLI's key in its data directory; distributed mode gives it in the environment.
  const privateKey = loadOrCreateServiceKeys(dataDir, ['cli'], env).cli ?? '';
  return {
    products,
    orders,
    seed: seedValue,
    batchSize,
    catalogUrl: env.CATALOG_URL ?? 'http://127.0.0.1:8102',
    ordersUrl: env.ORDERS_URL ?? 'http://127.0.0.1:8104',
    privateKey,
  };
}

function integerFlag(name: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
    throw new UsageError(`${name} takes a whole number from ${min} to ${max}, not '${value}'`);
  }
  return parsed;
}
