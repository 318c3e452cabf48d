import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { realBackends, startFaultProxy, throwawayPostgres } from '@bodega/testing';
import { postgresDatabase } from '@bodega/db';

const { postgres } = realBackends();

describe.skipIf(!postgres)('the PostgreSQL pool when the server goes away', () => {
  it('fails a transaction that loses its connection, keeps the process up, and serves again after', async () => {
    const server = await throwawayPostgres(postgres!);
    const proxy = await startFaultProxy({
      target: { host: new URL(postgres!).hostname, port: Number(new URL(postgres!).port || 5432) },
    });
    const url = new URL(server.url);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const database = postgresDatabase({ url: url.toString(), schema: 'demo', max: 2 });
    try {
      // The connection resets while the transaction holds its client between two statements: pg-pool
      // has no error listener on a checked-out client, so without one of our own Node would end the
      // process with "Unhandled 'error' event" (the fault suite saw payments die this way).
      const lost = database.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        await proxy.cut();
        await sleep(200);
        await tx.execute(sql`select 2`);
      });
      await expect(lost).rejects.toThrow();
      await expect(database.ping()).rejects.toThrow();

      await proxy.restore();
      await database.ping();
      const [row] = await database.query<{ answer: number }>('select 42 as answer');
      expect(row?.answer).toBe(42);
    } finally {
      await database.close().catch(() => undefined);
      await proxy.close();
      await server.drop();
    }
  });
});
