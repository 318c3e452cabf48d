import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { isDatabaseUnavailable } from './unavailable.js';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });
/** How drizzle wraps a failed query: its own message (with the SQL), the driver's error as the cause. */
const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: select 1\nparams: '), { cause });

describe('isDatabaseUnavailable', () => {
  it('recognizes a connection refused, reset or lost, whether raw or wrapped by drizzle', () => {
    for (const error of [
      withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      withCode('ECONNRESET', 'read ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      wrapped(new Error('Connection terminated unexpectedly')),
      wrapped(withCode('ECONNREFUSED')),
    ])
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
  });

  it('recognizes the server shutting down, starting up, out of connections, or a connection exception', () => {
    for (const code of ['57P01', '57P02', '57P03', '53300', '08006', '08001'])
      expect(isDatabaseUnavailable(wrapped(withCode(code))), code).toBe(true);
  });

  it('does not mistake a refused query or anything else for an outage', () => {
    for (const error of [
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('42P01', 'relation "x" does not exist'),
      wrapped(withCode('40001', 'could not serialize access')),
      new Error('Connection pool is tired'),
      'ECONNREFUSED',
      null,
      undefined,
    ])
      expect(isDatabaseUnavailable(error), String(error)).toBe(false);
  });

  it('recognizes what node-postgres really reports when nothing listens', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2_000 });
    const failure = await client.connect().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isDatabaseUnavailable(failure)).toBe(true);
  });
});
