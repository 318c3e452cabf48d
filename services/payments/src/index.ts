/**
 * The payments service: payments and refunds against a simulated card provider.
 * `payments` is its definition, for `startService` (one process) or `startEmbedded` (all in one).
 */
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@bodega/kit';
import { buildPaymentsApp } from './app.js';
import { paymentsConfigSchema } from './config.js';

export { buildPaymentsApp, type PaymentsAppOptions } from './app.js';
export { paymentsConfigSchema, type PaymentsConfig } from './config.js';
export { TEST_CARDS } from './provider/test-cards.js';
export { VoidResult } from './payments/void-payment.js';

export const payments: ServiceDefinition<typeof paymentsConfigSchema> = {
  name: 'payments',
  configSchema: paymentsConfigSchema,
  // Through `../src` so that src/index.ts and the built dist/index.js both find the SQL files, which tsc does not copy.
  migrationsDir: fileURLToPath(new URL('../src/db/migrations', import.meta.url)),
  build: (ctx) => buildPaymentsApp(ctx),
};
