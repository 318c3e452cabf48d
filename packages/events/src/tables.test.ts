import { getTableConfig, pgSchema } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends, type TestDatabase } from '@bodega/testing';
import { evtestDatabase } from '../test/support/database.js';
import { inbox, outbox } from '../test/fixtures/schema.js';
import { inboxTable, outboxTable } from './tables.js';

describe('the outbox and inbox tables', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await evtestDatabase(databaseBackends()[0]!);
  });
  afterAll(async () => {
    await test.cleanup();
  });

  it.each([
    ['outbox', outbox],
    ['inbox', inbox],
  ] as const)(
    '%s in the fixture migration has exactly the columns the table factory declares',
    async (name, table) => {
      const rows = await test.database.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_schema = 'evtest' and table_name = $1`,
        [name],
      );
      const declared = getTableConfig(table).columns.map((column) => column.name);
      // A mismatch means the factory changed: run `npm run db:generate` in packages/events to regenerate test/fixtures/migrations.
      expect(rows.map((row) => row.column_name).sort()).toEqual(declared.sort());
    },
  );

  it('live in whatever schema the service gives them', () => {
    const catalog = pgSchema('catalog');
    expect(getTableConfig(outboxTable(catalog))).toMatchObject({ schema: 'catalog', name: 'outbox' });
    expect(getTableConfig(inboxTable(catalog)).primaryKeys[0]?.columns.map((column) => column.name)).toEqual([
      'consumer',
      'event_id',
    ]);
  });
});
