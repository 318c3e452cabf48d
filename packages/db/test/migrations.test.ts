import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends, type TestDatabase } from '@bodega/testing';
import { loadMigrations, migrateDown, migrateUp, migrationStatus, newId } from '@bodega/db';

const dir = path.join(import.meta.dirname, 'fixtures', 'migrations');
const migrations = loadMigrations(dir);

describe.each(databaseBackends())('migrations on $name', (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await backend.create('demo');
  });
  afterAll(async () => {
    await test.cleanup();
  });

  it('round-trips up -> down -> up, each step exactly once', async () => {
    const { database } = test;
    expect(await migrateUp(database, { service: 'demo', migrations })).toEqual([
      '0000_create_widgets',
      '0001_add_widget_color',
    ]);
    expect(await migrateUp(database, { service: 'demo', migrations })).toEqual([]);
    await database.query('insert into demo.widgets (id, name, color) values ($1, $2, $3)', [
      newId(),
      'a',
      'blue',
    ]);

    expect(await migrateDown(database, { service: 'demo', migrations })).toEqual(['0001_add_widget_color']);
    const columns = await database.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_schema = 'demo' and table_name = 'widgets'`,
    );
    expect(columns.map((c) => c.column_name).sort()).toEqual(['id', 'name']);
    expect(await migrationStatus(database, { service: 'demo', migrations })).toEqual([
      { tag: '0000_create_widgets', applied: true },
      { tag: '0001_add_widget_color', applied: false },
    ]);

    expect(await migrateDown(database, { service: 'demo', migrations, steps: Infinity })).toEqual([
      '0000_create_widgets',
    ]);
    const schemas = await database.query(
      `select 1 from information_schema.schemata where schema_name = 'demo'`,
    );
    expect(schemas).toHaveLength(0);
    expect(await migrateDown(database, { service: 'demo', migrations })).toEqual([]);

    expect(await migrateUp(database, { service: 'demo', migrations })).toHaveLength(2);
    const rows = await database.query('select * from demo.widgets');
    expect(rows).toHaveLength(0);
  });

  it('applies each migration once when replicas start at the same time', async () => {
    const { database } = test;
    await migrateDown(database, { service: 'demo', migrations, steps: Infinity });
    const results = await Promise.all([
      migrateUp(database, { service: 'demo', migrations }),
      migrateUp(database, { service: 'demo', migrations }),
      migrateUp(database, { service: 'demo', migrations }),
    ]);
    expect(results.flat().sort()).toEqual(['0000_create_widgets', '0001_add_widget_color']);
  });

  it('answers ping and reports its pool', async () => {
    await expect(test.database.ping()).resolves.toBeUndefined();
    expect(test.database.poolStats().total).toBeGreaterThanOrEqual(0);
  });

  it('delivers NOTIFY only after commit', async () => {
    const { database } = test;
    const received: string[] = [];
    const stop = await database.listen('bodega_test_channel', (payload) => received.push(payload));
    await database.db.transaction(async (tx) => {
      const { sql } = await import('drizzle-orm');
      await tx.execute(sql`select pg_notify('bodega_test_channel', 'hello')`);
      expect(received).toEqual([]);
    });
    await expect.poll(() => received, { timeout: 5_000 }).toEqual(['hello']);
    await stop();
  });
});

describe('loadMigrations', () => {
  it('refuses a migration without its down file', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-migrations-'));
    fs.cpSync(dir, copy, { recursive: true });
    fs.rmSync(path.join(copy, '0001_add_widget_color.down.sql'));
    expect(() => loadMigrations(copy)).toThrow(
      /0001_add_widget_color .*has no 0001_add_widget_color.down.sql/,
    );
  });
});
