import { describe, expect, it } from 'vitest';
import { loadMigrations, migrateDown, migrateUp } from '@bodega/db';
import { databaseBackends } from '@bodega/testing';
import { analytics } from '../src/index.js';

describe.each(databaseBackends())('analytics migrations on $name', (backend) => {
  it('go all the way down and up again', async () => {
    const test = await backend.create('analytics');
    try {
      const options = { service: 'analytics', migrations: loadMigrations(analytics.migrationsDir!) };
      const tables = async () =>
        (
          await test.database.query<{ table_name: string }>(
            `select table_name from information_schema.tables where table_schema = 'analytics' order by table_name`,
          )
        ).map((row) => row.table_name);
      const all = [
        'customers',
        'inbox',
        'orders',
        'product_hourly',
        'refused_events',
        'sales_hourly',
        'sessions',
        'tracked_events',
      ];
      expect(await migrateUp(test.database, options)).toEqual(['0000_init']);
      expect(await tables()).toEqual(all);
      expect(await migrateDown(test.database, { ...options, steps: Infinity })).toEqual(['0000_init']);
      expect(await tables()).toEqual([]);
      expect(await migrateUp(test.database, options)).toEqual(['0000_init']);
      expect(await tables()).toEqual(all);
    } finally {
      await test.cleanup();
    }
  });
});
