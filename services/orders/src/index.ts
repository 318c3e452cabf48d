/**
 * The orders service: carts, the price calculator, checkout and orders.
 * `orders` is its definition, for `startService` (one process) or `startEmbedded` (all in one).
 * Start it after catalog and payments in embedded mode: it finds them through CATALOG_URL and PAYMENTS_URL.
 */
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@bodega/kit';
import { buildOrdersApp } from './app.js';
import { ordersConfigSchema } from './config.js';

export { ordersConfigSchema, type OrdersConfig } from './config.js';
export { recoverCheckouts, type RecoveryReport } from './recovery/recover-checkouts.js';
export { ImportInput, ImportResult, MAX_IMPORT_ORDERS } from './seed/import-orders.js';

export const orders: ServiceDefinition<typeof ordersConfigSchema> = {
  name: 'orders',
  configSchema: ordersConfigSchema,
  // Through `../src` so that src/index.ts and the built dist/index.js both find the SQL files, which tsc does not copy.
  migrationsDir: fileURLToPath(new URL('../src/db/migrations', import.meta.url)),
  build: buildOrdersApp,
};
