/**
 * The catalog service: products, categories, inventory and reviews.
 * `catalog` is its definition, for `startService` (one process) or `startEmbedded` (all in one).
 */
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@bodega/kit';
import { buildCatalogApp } from './app.js';
import { catalogConfigSchema } from './config.js';

export { catalogConfigSchema, type CatalogConfig } from './config.js';
export { generateCatalog, mulberry32, type GenerateOptions, type GeneratedCatalog } from './seed/generate.js';
export { BatchInput, BatchResult, MAX_BATCH_PRODUCTS } from './seed/insert-batch.js';

export const catalog: ServiceDefinition<typeof catalogConfigSchema> = {
  name: 'catalog',
  configSchema: catalogConfigSchema,
  // Through `../src` so that src/index.ts and the built dist/index.js both find the SQL files, which tsc does not copy.
  migrationsDir: fileURLToPath(new URL('../src/db/migrations', import.meta.url)),
  build: buildCatalogApp,
};
