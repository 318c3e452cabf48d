/**
 * The analytics service: behaviour beacons, sales rollups and the reports managers read.
 * `analytics` is its definition, for `startService` (one process) or `startEmbedded` (all in one).
 */
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@bodega/kit';
import { buildAnalyticsApp } from './app.js';
import { analyticsConfigSchema } from './config.js';

export { analyticsConfigSchema, type AnalyticsConfig } from './config.js';
export { seedAnalytics, type SeedOptions, type SeedResult } from './seed/synthetic.js';

export const analytics: ServiceDefinition<typeof analyticsConfigSchema> = {
  name: 'analytics',
  configSchema: analyticsConfigSchema,
  // Through `../src` so that src/index.ts and the built dist/index.js both find the SQL files, which tsc does not copy.
  migrationsDir: fileURLToPath(new URL('../src/db/migrations', import.meta.url)),
  build: buildAnalyticsApp,
};
