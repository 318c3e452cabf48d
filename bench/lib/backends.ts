import pg from 'pg';
import { isListening } from '@bodega/testing';

/** The real backends of distributed mode, on this machine only. */
export const backends = {
  postgres: 'postgres://postgres@127.0.0.1:5432/postgres',
  redis: 'redis://127.0.0.1:6379',
  amqp: 'amqp://guest:guest@127.0.0.1:5672',
};

/** Fails with a clear message when PostgreSQL, Redis or RabbitMQ does not answer. */
export async function requireBackends(): Promise<void> {
  const ports = { PostgreSQL: 5432, Redis: 6379, RabbitMQ: 5672 };
  const down: string[] = [];
  for (const [name, port] of Object.entries(ports))
    if (!(await isListening(port))) down.push(`${name} (127.0.0.1:${port})`);
  if (down.length > 0) {
    throw new Error(
      `distributed scenarios need the real backends; not answering: ${down.join(', ')} (.ci/run starts them)`,
    );
  }
}

/** The URL of database `name` on the bench's PostgreSQL. */
export function databaseUrl(name: string): string {
  const url = new URL(backends.postgres);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops and creates database `name`, so every run starts from the same empty state. */
export async function recreateDatabase(name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const client = new pg.Client({ connectionString: backends.postgres });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return databaseUrl(name);
}

/** Drops database `name` if it exists (test cleanup). */
export async function dropDatabase(name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const client = new pg.Client({ connectionString: backends.postgres });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * `VACUUM ANALYZE` of every table in each database: what PostgreSQL's documentation asks for after a
 * bulk load ("Populating a Database"), and what autovacuum would do on its own some time later (this
 * machine's PostgreSQL runs with autovacuum off). Without it the planner knows nothing of the seeded
 * rows: on 100,000 products it guessed a category held 5 of them and sorted 8,000 rows for every
 * category page (12 ms) instead of walking the index (0.2 ms).
 */
export async function vacuumAnalyze(databaseUrls: readonly string[]): Promise<void> {
  for (const connectionString of databaseUrls) {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      await client.query('VACUUM ANALYZE');
    } finally {
      await client.end();
    }
  }
}
