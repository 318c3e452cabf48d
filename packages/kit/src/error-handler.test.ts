import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresDatabase } from '@bodega/db';
import { AppError } from '@bodega/errors';
import { silentLogger } from '@bodega/logging';
import { databaseBackends, standardError, type TestDatabase } from '@bodega/testing';
import { createMetricsRegistry } from './metrics.js';
import { createService, type ServiceApp } from './service.js';

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

describe.each(databaseBackends())('the error handler when $name refuses a value', (backend) => {
  let target: TestDatabase;
  let app: ServiceApp;
  beforeAll(async () => {
    target = await backend.create('demo');
    await target.database.query('create schema if not exists demo');
    await target.database.query('create table if not exists demo.codes (code varchar(3))');
    app = createService({ name: 'demo', logger: silentLogger(), metrics: createMetricsRegistry('demo') });
    const { database } = target;
    // Each a real query the database refuses with a data exception (SQLSTATE class 22).
    const refusals: Record<string, () => Promise<unknown>> = {
      int4: () => database.query('select $1::int as n', [99_999_999_999]),
      int8: () => database.query('select $1::bigint as n', ['100000000000000000000']),
      text: () => database.query('select $1::int as n', ['twelve']),
      date: () => database.query('select $1::date as d', ['2026-13-45']),
      timestamp: () => database.query('select $1::timestamptz as t', ['not a time']),
      long: () => database.query('insert into demo.codes (code) values ($1)', ['ABCD']),
      bytes: () => database.query("select convert_from('\\xff'::bytea, 'UTF8') as s"),
      step: () => database.query('select generate_series(1, 3, $1::int) as n', [0]),
      // How services meet it: drizzle's "Failed query: <sql> params: <values>" around the driver's error.
      drizzle: () => database.db.execute("select '100000000000000000000'::int as n"),
    };
    for (const [name, refuse] of Object.entries(refusals)) app.get(`/${name}`, refuse);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await target.cleanup();
  });

  it.each(['int4', 'int8', 'text', 'date', 'timestamp', 'long', 'bytes', 'step', 'drizzle'])(
    'answers 400 VALIDATION_ERROR, without SQL or values, for %s',
    async (name) => {
      const response = await app.inject({ method: 'GET', url: `/${name}` });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toEqual(standardError('VALIDATION_ERROR'));
      expect(response.body).not.toMatch(/select|insert|demo|99999999999|100000000000000000000|twelve/i);
    },
  );
});

describe('the error handler quoting what a client sent', () => {
  it('cuts long messages short, so an error answer stays small whatever it names', async () => {
    const app = createService({
      name: 'demo',
      logger: silentLogger(),
      metrics: createMetricsRegistry('demo'),
    });
    const huge = 'x'.repeat(50_000);
    app.get('/code', async () => {
      throw new AppError('not_found', `There is no promotion ${huge}`, { code: 'PROMOTION_NOT_FOUND' });
    });
    app.get('/plugin', async () => {
      throw Object.assign(new Error(`Refused ${huge}`), { statusCode: 429 });
    });
    try {
      for (const url of ['/code', '/plugin', `/nowhere/${'y'.repeat(8_000)}`]) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode, url.slice(0, 20)).toBeLessThan(500);
        const { message } = response.json().error as { message: string };
        expect(message.length).toBeLessThan(600);
        expect(message).toMatch(/… \(\d+ more characters\)$/);
      }
    } finally {
      await app.close();
    }
  });
});
