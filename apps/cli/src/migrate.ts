import path from 'node:path';
import {
  databaseUrlFor,
  ensureDatabase,
  loadMigrations,
  migrateDown,
  migrateUp,
  migrationStatus,
  openPglite,
  pgliteDatabase,
  postgresDatabase,
  type Database,
} from '@bodega/db';
import { findService } from './services.js';
import { UsageError } from './usage-error.js';

/** `bodega migrate up|down|status <service> [--steps N]`, on PostgreSQL or the embedded PGlite. */
export async function migrate(
  direction: string | undefined,
  serviceName: string | undefined,
  steps: number | undefined,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  if (!direction || !['up', 'down', 'status'].includes(direction) || !serviceName) {
    throw new UsageError('usage: bodega migrate up|down|status <service> [--steps N]');
  }
  const definition = findService(serviceName);
  if (!definition.migrationsDir) throw new UsageError(`${serviceName} owns no database`);
  const migrations = loadMigrations(definition.migrationsDir);

  let database: Database;
  let close: () => Promise<void>;
  const url = databaseUrlFor(serviceName, env);
  if (url) {
    await ensureDatabase(url);
    const postgres = postgresDatabase({ url, schema: serviceName, max: 1 });
    database = postgres;
    close = () => postgres.close();
  } else {
    const pglite = await openPglite(path.resolve(env.BODEGA_DATA_DIR ?? '.bodega/data', 'pg'));
    database = pgliteDatabase(pglite, serviceName);
    close = () => pglite.close();
  }
  try {
    const options = { service: serviceName, migrations };
    if (direction === 'status') {
      const status = await migrationStatus(database, options);
      return status.map((entry) => `${entry.applied ? 'applied' : 'pending'}  ${entry.tag}`).join('\n');
    }
    const done =
      direction === 'up'
        ? await migrateUp(database, options)
        : await migrateDown(database, { ...options, steps: steps ?? 1 });
    const verb = direction === 'up' ? 'applied' : 'reverted';
    return done.length === 0
      ? `${serviceName}: nothing to do`
      : done.map((tag) => `${verb} ${serviceName} ${tag}`).join('\n');
  } finally {
    await close();
  }
}
