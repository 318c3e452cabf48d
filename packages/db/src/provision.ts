import pg from 'pg';
import { quoteIdent } from './connection.js';

/**
 * The database URL of one service in distributed mode: `<SERVICE>_DATABASE_URL` when set, otherwise
 * `DATABASE_URL` pointed at the database `bodega_<service>` on the same server.
 */
export function databaseUrlFor(service: string, env: NodeJS.ProcessEnv): string | undefined {
  const own = env[`${service.toUpperCase()}_DATABASE_URL`];
  if (own) return own;
  if (!env.DATABASE_URL) return undefined;
  const url = new URL(env.DATABASE_URL);
  url.pathname = `/bodega_${service}`;
  return url.toString();
}

/** Creates the database named in `url` when it does not exist (local runs, CI, compose init). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`create database ${quoteIdent(name)}`).catch((error: unknown) => {
        // Another process created it between our check and our create: that is what we wanted.
        if ((error as { code?: string }).code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
}
