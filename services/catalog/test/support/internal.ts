import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { Registry } from 'prom-client';
import type { Reservation } from '@bodega/contracts';
import { MemoryCache, broadcastOf } from '@bodega/cache';
import { silentLogger } from '@bodega/logging';
import type { TestUser } from '@bodega/testing';
import { sweepExpiredReservations } from '../../src/reservations/expiry-sweeper.js';
import { createReservationMetrics } from '../../src/reservations/reservation-metrics.js';
import { API, call, productInput, type ProductJson } from './api.js';
import type { CatalogUnderTest } from './catalog.js';

/** One call to an `/internal/*` route with a valid service token, the way orders (or `caller`) makes it. */
export async function internal(
  catalog: CatalogUnderTest,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  caller: Parameters<CatalogUnderTest['serviceToken']>[0] = 'orders',
): Promise<LightMyRequestResponse> {
  return call(catalog.app, {
    method,
    url,
    body,
    headers: { 'x-service-token': await catalog.serviceToken(caller) },
  });
}

/** A product created through the public API, with `stock_qty` units. */
export async function productWithStock(
  catalog: CatalogUnderTest,
  manager: TestUser,
  category: string,
  stockQty: number,
  overrides: Record<string, unknown> = {},
): Promise<ProductJson> {
  const response = await call(catalog.app, {
    method: 'POST',
    url: `${API}/products`,
    token: manager.token,
    body: productInput(category, { stock_qty: stockQty, ...overrides }),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<ProductJson>();
}

/** A hold that must succeed (201). */
export async function hold(
  catalog: CatalogUnderTest,
  reservationId: string,
  items: { product_id: string; quantity: number }[],
  ttlSeconds?: number,
): Promise<Reservation> {
  const response = await internal(catalog, 'POST', '/internal/reservations', {
    reservation_id: reservationId,
    items,
    ...(ttlSeconds === undefined ? {} : { ttl_seconds: ttlSeconds }),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Reservation>();
}

/** The product's stock straight from the database (behind the API and its cache). */
export async function stockOf(catalog: CatalogUnderTest, productId: string): Promise<number> {
  const [row] = await catalog.database.query<{ stock_qty: number }>(
    'select stock_qty from catalog.products where id = $1',
    [productId],
  );
  if (!row) throw new Error(`no product ${productId}`);
  return row.stock_qty;
}

/** `stock_qty` of each `catalog.product.updated` the product announced, in the outbox's order. */
export async function announcedStock(catalog: CatalogUnderTest, productId: string): Promise<number[]> {
  const rows = await catalog.database.query<{ stock_qty: number }>(
    `select (envelope->'data'->>'stock_qty')::int as stock_qty from catalog.outbox
      where type = 'catalog.product.updated' and envelope->'data'->>'product_id' = $1
      order by created_at, id`,
    [productId],
  );
  return rows.map((row) => row.stock_qty);
}

/** The status of a reservation straight from the database. */
export async function statusOf(
  catalog: CatalogUnderTest,
  reservationId: string,
): Promise<string | undefined> {
  const [row] = await catalog.database.query<{ status: string }>(
    'select status from catalog.reservations where id = $1',
    [reservationId],
  );
  return row?.status;
}

/**
 * Runs the expiry sweep as of `now`, on the catalog's database, as the app's sweeper would. It has its
 * own cache: tests read stock from the database or the lookup, never through the public read cache.
 */
export function sweepAt(catalog: CatalogUnderTest, now: Date): Promise<number> {
  const cache = new MemoryCache({ keyPrefix: 'bodega:catalog:' });
  return sweepExpiredReservations(
    {
      db: catalog.database.db,
      cache,
      broadcast: broadcastOf(cache),
      logger: silentLogger(),
      reservationMetrics: createReservationMetrics(new Registry()),
    },
    { now, batchSize: 2 },
  );
}

/** `catalog_reservations_total{outcome="..."}` from /metrics. */
export async function reservationsCounted(catalog: CatalogUnderTest, outcome: string): Promise<number> {
  const text = (await catalog.app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text
    .split('\n')
    .find(
      (candidate) =>
        candidate.startsWith('catalog_reservations_total{') && candidate.includes(`outcome="${outcome}"`),
    );
  return line ? Number(line.split(' ').at(-1)) : 0;
}
