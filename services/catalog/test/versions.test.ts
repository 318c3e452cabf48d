import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache, broadcastOf } from '@bodega/cache';
import type { AnyEnvelope } from '@bodega/contracts';
import { createInProcessBus, type EventBus } from '@bodega/events';
import { silentLogger } from '@bodega/logging';
import { databaseBackends, type TestUser } from '@bodega/testing';
import type { CatalogDeps } from '../src/deps.js';
import { deleteProduct } from '../src/products/delete-product.js';
import { createProductCacheMetrics } from '../src/products/product-cache.js';
import { setStock } from '../src/products/set-stock.js';
import { updateProduct } from '../src/products/update-product.js';
import { createReservationMetrics } from '../src/reservations/reservation-metrics.js';
import { giveBackStock, takeStock } from '../src/reservations/stock-moves.js';
import { createReviewMetrics } from '../src/reviews/review-metrics.js';
import { applyRatingChange } from '../src/reviews/review-writes.js';
import { createViewRecorder } from '../src/views/view-recorder.js';
import { createCategory } from './support/api.js';
import { startCatalog, type CatalogUnderTest } from './support/catalog.js';
import { productWithStock } from './support/internal.js';

/**
 * A write takes its time before it waits for the product's row lock, so the write that commits second
 * can hold the older time (and a catalog replica's clock can lag). Readers keep the newest version of
 * a product by `updated_at` (search ignores an update older than what it holds), so every committed
 * write must stamp a later version than the one before it, whatever its clock said.
 */
describe.each(databaseBackends())('product versions on $name', (backend) => {
  let catalog: CatalogUnderTest;
  let manager: TestUser;
  let category: string;
  let lateDeps: CatalogDeps;
  let bus: EventBus;
  const lateClock = new Date('2001-01-01T00:00:00.000Z');

  beforeAll(async () => {
    catalog = await startCatalog(backend);
    manager = await catalog.identity.user('manager');
    category = await createCategory(catalog.app, manager.token, 'versions', 'Versions');
    const metrics = new Registry();
    bus = createInProcessBus({ logger: silentLogger() });
    const cache = new MemoryCache({ keyPrefix: 'bodega:catalog:' });
    lateDeps = {
      db: catalog.database.db,
      cache,
      broadcast: broadcastOf(cache),
      logger: silentLogger(),
      now: () => lateClock,
      productCacheTtlMs: 60_000,
      cacheMetrics: createProductCacheMetrics(metrics),
      views: createViewRecorder({
        bus,
        logger: silentLogger(),
        metrics,
        now: () => lateClock,
        flushIntervalMs: 60_000,
      }),
      reservationTtlSeconds: 60,
      reservationMetrics: createReservationMetrics(metrics),
      reviewMetrics: createReviewMetrics(metrics),
    };
  });
  afterAll(async () => {
    await lateDeps.views.close();
    await bus.close();
    await catalog.close();
  });

  /** The `updated_at` (or `deleted_at`) each of the product's events carries, in commit order. */
  async function versionsOf(productId: string): Promise<number[]> {
    const rows = await catalog.database.query<{ envelope: AnyEnvelope }>(
      `select envelope from catalog.outbox where envelope->'data'->>'product_id' = $1 order by created_at, id`,
      [productId],
    );
    return rows.map(({ envelope }) => {
      const data = envelope.data as { updated_at?: string; deleted_at?: string };
      return Date.parse(data.updated_at ?? data.deleted_at ?? '');
    });
  }

  it('stamps every edit, stock change, stock move, rating change and deletion later than the version before it', async () => {
    const product = await productWithStock(catalog, manager, category, 10);
    const line = [{ product_id: product.id, quantity: 2 }];
    await updateProduct(lateDeps, product.id, { price: { amount: 1_234, currency: 'USD' } });
    await setStock(lateDeps, product.id, 20);
    await lateDeps.db.transaction((tx) => takeStock(tx, line, lateClock));
    await lateDeps.db.transaction((tx) => giveBackStock(tx, line, lateClock));
    await lateDeps.db.transaction((tx) => applyRatingChange(tx, product.id, { sum: 5, count: 1 }, lateClock));
    await deleteProduct(lateDeps, product.id);

    const versions = await versionsOf(product.id);
    expect(versions).toHaveLength(7);
    expect(versions.every(Number.isFinite)).toBe(true);
    for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
    const [row] = await catalog.database.query<{ updated_at: Date; deleted_at: Date }>(
      'select updated_at, deleted_at from catalog.products where id = $1',
      [product.id],
    );
    expect(row?.deleted_at.getTime()).toBe(versions.at(-1));
    expect(row?.updated_at.getTime()).toBe(versions.at(-1));
  });

  it('keeps the clock when it is ahead of the version the product holds', async () => {
    const product = await productWithStock(catalog, manager, category, 10);
    const later = new Date(Date.parse(product.updated_at) + 60_000);
    await updateProduct({ ...lateDeps, now: () => later }, product.id, { name: 'Renamed on time' });
    expect((await versionsOf(product.id)).at(-1)).toBe(later.getTime());
  });
});
