/**
 * The search service: the search read model, facets and recommendations.
 * `search` is its definition, for `startService` (one process) or `startEmbedded` (all in one).
 */
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@bodega/kit';
import { buildSearchApp } from './app.js';
import { searchConfigSchema } from './config.js';

export { searchConfigSchema, type SearchConfig } from './config.js';

export const search: ServiceDefinition<typeof searchConfigSchema> = {
  name: 'search',
  configSchema: searchConfigSchema,
  // Through `../src` so that src/index.ts and the built dist/index.js both find the SQL files, which tsc does not copy.
  migrationsDir: fileURLToPath(new URL('../src/db/migrations', import.meta.url)),
  build: buildSearchApp,
};
