import { describe, expect, it } from 'vitest';
import { loadMigrations, migrateDown, migrateUp, newId } from '@bodega/db';
import { databaseBackends, uniqueSuffix } from '@bodega/testing';
import { catalog as catalogService } from '../src/index.js';
import { API, call } from './support/api.js';
import { startCatalog } from './support/catalog.js';
import { hold, productWithStock, stockOf } from './support/internal.js';

describe.each(databaseBackends())('catalog migrations on $name', (backend) => {
  it('go all the way down and up again', async () => {
    const test = await backend.create('catalog');
    try {
      const options = { service: 'catalog', migrations: loadMigrations(catalogService.migrationsDir!) };
      const tables = async () =>
        (
          await test.database.query<{ table_name: string }>(
            `select table_name from information_schema.tables where table_schema = 'catalog' order by table_name`,
          )
        ).map((row) => row.table_name);
      const all = ['categories', 'outbox', 'products', 'reservation_items', 'reservations', 'reviews'];

      expect(await migrateUp(test.database, options)).toEqual(['0000_large_kingpin', '0001_tan_marrow']);
      expect(await tables()).toEqual(all);
      expect(await migrateDown(test.database, { ...options, steps: Infinity })).toEqual([
        '0001_tan_marrow',
        '0000_large_kingpin',
      ]);
      expect(await tables()).toEqual([]);
      expect(await migrateUp(test.database, options)).toEqual(['0000_large_kingpin', '0001_tan_marrow']);
      expect(await tables()).toEqual(all);
    } finally {
      await test.cleanup();
    }
  });

  it('puts units still held back on sale when the reservations migration is undone', async () => {
    const catalog = await startCatalog(backend, { env: { RESERVATION_SWEEP_INTERVAL_MS: '3600000' } });
    try {
      const manager = await catalog.identity.user('manager');
      const category = `migrate-${uniqueSuffix()}`;
      await call(catalog.app, {
        method: 'POST',
        url: `${API}/categories`,
        token: manager.token,
        body: { slug: category, name: 'Migrate' },
      });
      const item = await productWithStock(catalog, manager, category, 10);
      const [held, sold] = [newId(), newId()];
      await hold(catalog, held, [{ product_id: item.id, quantity: 3 }]);
      await hold(catalog, sold, [{ product_id: item.id, quantity: 2 }]);
      await catalog.database.query(`update catalog.reservations set status = 'committed' where id = $1`, [
        sold,
      ]);
      expect(await stockOf(catalog, item.id)).toBe(5);

      const options = { service: 'catalog', migrations: loadMigrations(catalogService.migrationsDir!) };
      expect(await migrateDown(catalog.database, options)).toEqual(['0001_tan_marrow']);
      // The held units are back; the sold ones stay sold.
      expect(await stockOf(catalog, item.id)).toBe(8);
      expect(await migrateUp(catalog.database, options)).toEqual(['0001_tan_marrow']);
    } finally {
      await catalog.close();
    }
  });
});
