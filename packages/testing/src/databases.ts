import pg from 'pg';
import {
  PGlite,
  pgliteDatabase,
  pgliteOptions,
  pgliteTemplate,
  postgresDatabase,
  quoteIdent,
  type Database,
} from '@bodega/db';
import { realBackends, uniqueSuffix } from './env.js';

export interface TestDatabase {
  database: Database;
  /** The PostgreSQL URL of the throwaway database (postgres only), for a second process to use. */
  url?: string;
  /** The PGlite instance (pglite only), for a second service to share as in embedded mode. */
  pglite?: PGlite;
  cleanup(): Promise<void>;
}

export interface DatabaseBackend {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database holding `schema`'s tables once migrated. */
  create(schema: string): Promise<TestDatabase>;
}

/** A fresh in-memory PGlite instance, as embedded mode uses (but not on disk). */
export async function freshPglite(): Promise<PGlite> {
  // From the template (made once per machine and PGlite version): a third of initdb's time.
  return PGlite.create({ ...pgliteOptions, loadDataDir: await pgliteTemplate(pgliteOptions) });
}

const pgliteBackend: DatabaseBackend = {
  name: 'pglite',
  async create(schema) {
    const instance = await freshPglite();
    return {
      database: pgliteDatabase(instance, schema),
      pglite: instance,
      cleanup: () => instance.close(),
    };
  },
};

/** A throwaway database on the PostgreSQL server at `serverUrl`, dropped at cleanup. */
export async function throwawayPostgres(
  serverUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bodega_test_${uniqueSuffix()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${quoteIdent(name)}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${quoteIdent(name)} with (force)`);
      await client.end();
    },
  };
}

function postgresBackend(serverUrl: string): DatabaseBackend {
  return {
    name: 'postgres',
    async create(schema) {
      const { url, drop } = await throwawayPostgres(serverUrl);
      const database = postgresDatabase({ url, schema, max: 5 });
      return {
        database,
        url,
        cleanup: async () => {
          await database.close();
          await drop();
        },
      };
    },
  };
}

/** PGlite always; PostgreSQL too when `DATABASE_URL` is set (CI sets it, so it never skips there). */
export function databaseBackends(env: NodeJS.ProcessEnv = process.env): DatabaseBackend[] {
  const { postgres } = realBackends(env);
  return postgres ? [pgliteBackend, postgresBackend(postgres)] : [pgliteBackend];
}
