export {
  openPglite,
  pgliteOptions,
  pgliteDatabase,
  postgresDatabase,
  quoteIdent,
  type Database,
  type DatabaseTracing,
  type Db,
  type Executor,
  type PostgresOptions,
  type Row,
  type Tx,
} from './connection.js';
export { idAt, newId, isUuid } from './ids.js';
export { decodeCursor, encodeCursor } from './cursor.js';
export { pgliteTemplate, pgliteTemplateFile } from './pglite-template.js';
export {
  loadMigrations,
  migrateDown,
  migrateUp,
  migrationStatus,
  type Migration,
  type MigrateOptions,
  type MigrationStatus,
} from './migrations.js';
export { databaseUrlFor, ensureDatabase } from './provision.js';
export { isDatabaseUnavailable } from './unavailable.js';
export { dataException, type DataException } from './data-exception.js';
export { PGlite } from '@electric-sql/pglite';
