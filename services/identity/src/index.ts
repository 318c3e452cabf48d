/**
 * The identity service: users, credentials, sessions (refresh-token families) and signing keys.
 * `identity` is its definition, for `startService` (one process) or `startEmbedded` (all in one).
 */
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@bodega/kit';
import { buildIdentityApp } from './app.js';
import { identityConfigSchema } from './config.js';

export { identityConfigSchema, type IdentityConfig } from './config.js';

export const identity: ServiceDefinition<typeof identityConfigSchema> = {
  name: 'identity',
  configSchema: identityConfigSchema,
  // Through `../src` so that src/index.ts and the built dist/index.js both find the SQL files, which tsc does not copy.
  migrationsDir: fileURLToPath(new URL('../src/db/migrations', import.meta.url)),
  build: buildIdentityApp,
};
