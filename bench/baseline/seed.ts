import pg from 'pg';

/** The baseline's small user table: `rows` rows keyed by UUID; returns the id the bench reads. */
export async function seedBaseline(databaseUrl: string, rows = 1000): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE TABLE bench_users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL UNIQUE,
      name text,
      role text NOT NULL DEFAULT 'customer',
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await client.query(
      `INSERT INTO bench_users (email, name) SELECT 'user' || n || '@bench.test', 'User ' || n FROM generate_series(1, $1) AS n`,
      [rows],
    );
    await client.query('ANALYZE bench_users');
    const { rows: picked } = await client.query<{ id: string }>(
      'SELECT id FROM bench_users ORDER BY email LIMIT 1 OFFSET $1',
      [Math.floor(rows / 2)],
    );
    const id = picked[0]?.id;
    if (!id) throw new Error('the baseline table is empty');
    return id;
  } finally {
    await client.end();
  }
}
