import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import type { Tracer } from '@bodega/tracing';
import { pgliteTemplateFile } from './pglite-template.js';
import { QuerySpans, tracedPglite, tracePool } from './tracing.js';
import { extractTarGz } from './untar.js';

/** A Drizzle database over PostgreSQL or PGlite: service code never needs to know which. */
export type Db = PgDatabase<PgQueryResultHKT>;
/** A transaction handle; use cases take one explicitly when their writes must commit together. */
export type Tx = PgTransaction<
  PgQueryResultHKT,
  Record<string, never>,
  ExtractTablesWithRelations<Record<string, never>>
>;
/** Either a database or a transaction: what a repository function runs its queries on. */
export type Executor = Db | Tx;

export type Row = Record<string, unknown>;

/**
 * One service's connection: a Drizzle handle plus what Drizzle does not cover (raw SQL for
 * infrastructure code, LISTEN/NOTIFY, readiness). Tables live in the PostgreSQL schema named after
 * the service, so several services can share one PGlite instance in embedded mode.
 */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** The PostgreSQL schema holding this service's tables. */
  readonly schema: string;
  readonly db: Db;
  /** Runs raw SQL with `$1` parameters, for infrastructure code (migrations, outbox relay). */
  query<T extends Row = Row>(text: string, params?: unknown[]): Promise<T[]>;
  /** Subscribes to NOTIFY on `channel`; resolves to the function that unsubscribes. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** Answers when the database does; throws otherwise (readiness). */
  ping(): Promise<void>;
  /** Pool use, for metrics: connections open (`total`), idle, clients waiting for one, and the pool's size. */
  poolStats(): { total: number; idle: number; waiting: number; max: number };
  close(): Promise<void>;
}

/**
 * PostgreSQL settings of the embedded database, on top of PGlite's own start parameters. PGlite
 * allocates shared memory inside its WebAssembly heap, and the default 128 MB of shared_buffers was
 * resident from the start: 113 MB of the platform's memory before a single page was cached. 16 MB
 * (2,048 pages) hold the whole demo shop (its database is 11 MB on disk, system catalogs included);
 * pages beyond them are read again from the data directory's files, which the operating system caches
 * anyway. wal_buffers follows shared_buffers (1/32, 512 kB).
 */
const PGLITE_SETTINGS = ['shared_buffers=16MB'];

/**
 * The PostgreSQL extensions embedded mode offers, as a server would: `pg_trgm` (search's typo
 * tolerance), and its settings (above). PGlite loads an extension only when the instance is created
 * with it, so every instance Bodega opens, tests included, is created with these options.
 */
export const pgliteOptions: PGliteOptions = {
  extensions: { pg_trgm },
  startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((setting) => ['-c', setting])],
};

/** Opens (or creates) the embedded PostgreSQL that hosts every service's schema in embedded mode. */
export async function openPglite(dataDir?: string): Promise<PGlite> {
  if (!dataDir) return PGlite.create(pgliteOptions);
  await preparePgliteDir(dataDir);
  return PGlite.create(dataDir, pgliteOptions);
}

/** Creates the PGlite data directory when it does not exist yet; resolves to whether it did. */
async function preparePgliteDir(dataDir: string): Promise<boolean> {
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return false;
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  await initializePgliteDir(dataDir);
  return true;
}

/**
 * Creates a PGlite data directory: from the template `npm install` made when there is one
 * (`pgliteTemplateFile`), else by initdb. The template is a tarball of a freshly initialised data
 * directory, so it is simply unpacked here (40 MB of files, no PostgreSQL started). Loading it through
 * PGlite instead started a second WebAssembly PostgreSQL beside the platform's for a second: the
 * first start's memory peak.
 */
async function initializePgliteDir(dataDir: string): Promise<void> {
  const template = pgliteTemplateFile();
  if (fs.existsSync(template)) {
    // Unpacked beside it, then renamed: a start killed halfway leaves no half data directory behind.
    const partial = `${dataDir}.${process.pid}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    extractTarGz(fs.readFileSync(template), partial);
    fs.renameSync(partial, dataDir);
    return;
  }
  await initdbInWorker(dataDir);
}

/**
 * initdb in a worker thread (~4.5 s). It grows PGlite's WebAssembly memory to ~800 MB, and WebAssembly
 * memory never shrinks: done in the process that then serves, it would hold that much for its whole
 * life. The worker's memory goes back to the system when it exits, and the platform reopens the
 * directory at its normal size.
 */
async function initdbInWorker(dataDir: string): Promise<void> {
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     import(workerData.module).then(async ({ PGlite }) => {
       const instance = await PGlite.create(workerData.dataDir);
       await instance.close();
     });`,
    // Plain JavaScript: the worker needs none of the parent's loaders (tsx), which would slow its start.
    {
      eval: true,
      execArgv: [],
      workerData: { module: import.meta.resolve('@electric-sql/pglite'), dataDir },
    },
  );
  const [code] = (await once(worker, 'exit')) as [number];
  if (code !== 0)
    throw new Error(`Creating the embedded database in ${dataDir} failed (worker exit code ${code})`);
}

/** Options of a service's database connection. */
export interface DatabaseTracing {
  /** The service's tracer: every query made inside traced work gets a span. */
  tracer?: Tracer | undefined;
}

/** A service's view of a shared PGlite instance; closing it leaves the instance open for the others. */
export function pgliteDatabase(shared: PGlite, schema: string, options: DatabaseTracing = {}): Database {
  const instance = options.tracer ? tracedPglite(shared, new QuerySpans(options.tracer, schema)) : shared;
  const db = drizzlePglite({ client: instance }) as unknown as Db;
  return {
    kind: 'pglite',
    schema,
    db,
    async query<T extends Row = Row>(text: string, params: unknown[] = []) {
      const result = await instance.query<T>(text, params);
      return result.rows;
    },
    async listen(channel, onNotify) {
      const unsubscribe = await instance.listen(channel, onNotify);
      return async () => {
        await unsubscribe();
      };
    },
    async ping() {
      await shared.query('select 1');
    },
    // One connection that queues its queries: never saturated in the pool sense.
    poolStats: () => ({ total: 1, idle: 1, waiting: 0, max: 1 }),
    async close() {
      // The instance belongs to whoever opened it: the embedded runtime closes it once, at the end.
    },
  };
}

export interface PostgresOptions {
  url: string;
  schema: string;
  /** Pool size; the default suits a service on two cores. */
  max?: number;
  /** Name shown in pg_stat_activity. */
  applicationName?: string;
  /** The service's tracer: every query made inside traced work gets a span. */
  tracer?: Tracer | undefined;
}

/** Connects a service to its own PostgreSQL database through a pool. */
export function postgresDatabase(options: PostgresOptions): Database {
  const max = options.max ?? 10;
  const pool = new pg.Pool({
    connectionString: options.url,
    max,
    application_name: options.applicationName ?? `bodega-${options.schema}`,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server (a PostgreSQL restart) must not crash the process: the
  // pool drops it and the next query opens a new connection.
  pool.on('error', () => undefined);
  // pg-pool listens for a client's errors only while it is idle: one checked out (a transaction, a
  // query under way) that loses its server emits an 'error' nobody handles, and Node ends the process.
  // Its queries reject all the same and the pool drops it on release (it is no longer queryable).
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  if (options.tracer) tracePool(pool, new QuerySpans(options.tracer, options.schema));
  const db = drizzlePg(pool) as unknown as Db;
  const listeners = new Set<pg.Client>();
  return {
    kind: 'postgres',
    schema: options.schema,
    db,
    async query<T extends Row = Row>(text: string, params: unknown[] = []) {
      const result = await pool.query<T>(text, params);
      return result.rows;
    },
    async listen(channel, onNotify) {
      return listenWithReconnect(options.url, channel, onNotify, listeners);
    },
    async ping() {
      await pool.query('select 1');
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
    async close() {
      for (const client of listeners) await client.end().catch(() => undefined);
      listeners.clear();
      await pool.end();
    },
  };
}

/**
 * LISTEN needs a dedicated connection. When it drops (PostgreSQL restarted), reconnect with backoff;
 * the caller keeps a polling fallback, so a notification missed meanwhile only delays work.
 */
async function listenWithReconnect(
  url: string,
  channel: string,
  onNotify: (payload: string) => void,
  listeners: Set<pg.Client>,
): Promise<() => Promise<void>> {
  let stopped = false;
  let current: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  const connect = async (attempt: number): Promise<void> => {
    const client = new pg.Client({ connectionString: url, application_name: `bodega-listen-${channel}` });
    client.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '');
    });
    client.on('error', () => {
      listeners.delete(client);
      void client.end().catch(() => undefined);
      if (!stopped) retry(attempt + 1);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(channel)}`);
      if (stopped) {
        await client.end();
        return;
      }
      current = client;
      listeners.add(client);
    } catch {
      await client.end().catch(() => undefined);
      if (!stopped) retry(attempt + 1);
    }
  };
  const retry = (attempt: number) => {
    const delay = Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
    timer = setTimeout(() => void connect(attempt), delay);
    timer.unref();
  };
  await connect(0);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    if (current) {
      listeners.delete(current);
      await current.end().catch(() => undefined);
    }
  };
}

/** Quotes an SQL identifier (schema, table or channel name). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
