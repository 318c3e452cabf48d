import { describe, expect, it } from 'vitest';
import { postgresDatabase } from '@bodega/db';
import { silentLogger } from '@bodega/logging';
import { createMetricsRegistry } from './metrics.js';
import { createService } from './service.js';

describe('the error handler when the database is unavailable', () => {
  it('answers 503 DATABASE_UNAVAILABLE in the standard body, without internals, for a database that refuses connections', async () => {
    // Nothing listens on port 1: what a service sees while PostgreSQL restarts.
    const database = postgresDatabase({
      url: 'postgres://postgres@127.0.0.1:1/gone',
      schema: 'demo',
      max: 1,
    });
    const app = createService({
      name: 'demo',
      logger: silentLogger(),
      metrics: createMetricsRegistry('demo'),
    });
    app.get('/rows', async () => database.query('select 1'));
    // How drizzle reports it: its own message, with the SQL, around the driver's error.
    app.get('/wrapped', async () => {
      throw Object.assign(new Error('Failed query: select * from demo.secrets\nparams: '), {
        cause: new Error('Connection terminated unexpectedly'),
      });
    });
    try {
      for (const url of ['/rows', '/wrapped']) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(503);
        expect(response.json()).toMatchObject({
          error: {
            code: 'DATABASE_UNAVAILABLE',
            message: 'The service cannot reach its database right now; please try again shortly',
            request_id: expect.any(String),
          },
        });
        expect(response.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|secrets|select/i);
      }
    } finally {
      await app.close();
      await database.close();
    }
  });

  it('still answers 500 for a failure that is not about reaching the database', async () => {
    const app = createService({
      name: 'demo',
      logger: silentLogger(),
      metrics: createMetricsRegistry('demo'),
    });
    app.get('/constraint', async () => {
      throw Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    });
    const response = await app.inject({ method: 'GET', url: '/constraint' });
    expect(response.statusCode).toBe(500);
    expect(response.json().error.code).toBe('INTERNAL_ERROR');
    await app.close();
  });
});
