/**
 * The bare baseline: Fastify with no plugins, no logging and no auth, in its own process. It answers
 * the two routes the gateway figures are compared with: a static JSON body (the HTTP floor of Node on
 * this machine) and a primary-key read of one user-like row with `pg` (the floor of a route that reads
 * PostgreSQL). Env: PORT, DATABASE_URL.
 */
import Fastify from 'fastify';
import pg from 'pg';

const port = Number(process.env.PORT);
const databaseUrl = process.env.DATABASE_URL;
if (!Number.isInteger(port) || !databaseUrl) throw new Error('set PORT and DATABASE_URL');

// The same pool size as the services' (packages/db), so the comparison is about the code path.
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const app = Fastify({ logger: false });

const staticUser = {
  id: '0193a1b2-0000-7000-8000-000000000000',
  email: 'static@bench.test',
  name: 'Static',
  role: 'customer',
  active: true,
  created_at: '2026-01-01T00:00:00.000Z',
};

app.get('/static', () => staticUser);

app.get<{ Params: { id: string } }>('/users/:id', async (request, reply) => {
  const { rows } = await pool.query(
    'SELECT id, email, name, role, active, created_at FROM bench_users WHERE id = $1',
    [request.params.id],
  );
  if (rows.length === 0) return reply.code(404).send({ error: 'not found' });
  return rows[0];
});

const close = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.once('SIGTERM', () => void close());
process.once('SIGINT', () => void close());

await app.listen({ host: '127.0.0.1', port });
