import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventEnvelope } from '@bodega/contracts';
import { newId } from '@bodega/db';
import { databaseBackends } from '@bodega/testing';
import { searchFor } from './support/api.js';
import {
  envelope,
  handled,
  orderPlaced,
  product,
  productDeleted,
  productUpdated,
  productViewed,
  tick,
} from './support/events.js';
import { startSearch, type SearchUnderTest } from './support/search.js';

describe.each(databaseBackends())('the indexer on $name', (backend) => {
  let search: SearchUnderTest;
  const publish = async (...events: EventEnvelope[]) => {
    for (const event of events) await search.bus.publish(event);
    await handled(search.database, ...events);
  };
  const named = async (q: string) => (await searchFor(search.app, { q })).items.map((item) => item.name);

  beforeAll(async () => {
    search = await startSearch(backend);
  });
  afterAll(async () => {
    await search.close();
  });

  it('ignores an update older than the one it holds (out-of-order delivery)', async () => {
    const older = product({ name: 'Walnut Tray', updated_at: tick() });
    const newer = { ...older, name: 'Walnut Tray Large', updated_at: tick() };
    await publish(productUpdated(newer));
    await publish(productUpdated(older));
    expect(await named('walnut')).toEqual(['Walnut Tray Large']);
  });

  it('applies an update of the same version again harmlessly, and a replayed event once', async () => {
    const tray = product({ name: 'Oak Board' });
    const event = productUpdated(tray);
    await publish(event);
    await publish(productUpdated({ ...tray }));
    await publish(event);
    expect(await named('oak board')).toEqual(['Oak Board']);

    const order = orderPlaced(newId(), [{ product_id: tray.product_id, quantity: 1 }]);
    await publish(order);
    await search.bus.publish(order);
    await publish(productViewed([{ product_id: tray.product_id }]));
    const rows = await search.database.query<{ units: number; views: number }>(
      'select units_ordered::int as units, views::int as views from search.popularity where product_id = $1',
      [tray.product_id],
    );
    expect(rows).toEqual([{ units: 1, views: 1 }]);
  });

  it('removes a deleted product, and a later-arriving older update does not bring it back', async () => {
    const lamp = product({ name: 'Brass Lamp', updated_at: tick() });
    await publish(productUpdated(lamp));
    expect(await named('brass lamp')).toEqual(['Brass Lamp']);
    const deletedAt = tick();
    await publish(productDeleted(lamp.product_id, deletedAt));
    expect(await named('brass lamp')).toEqual([]);
    await publish(productUpdated({ ...lamp, name: 'Brass Lamp Stale' }));
    expect(await named('brass lamp')).toEqual([]);
    // A deletion that arrives before the product was ever seen still wins over its older updates.
    const early = product({ name: 'Copper Kettle', updated_at: tick() });
    await publish(productDeleted(early.product_id, tick()));
    await publish(productUpdated(early));
    expect(await named('copper kettle')).toEqual([]);
    // A product updated after its deletion (catalog restored it) is back.
    await publish(productUpdated({ ...lamp, name: 'Brass Lamp Restored', updated_at: tick() }));
    expect(await named('brass lamp')).toEqual(['Brass Lamp Restored']);
    // An old deletion does not remove the newer document.
    await publish(productDeleted(lamp.product_id, deletedAt));
    expect(await named('brass lamp')).toEqual(['Brass Lamp Restored']);
  });

  it('dead-letters an event breaking its contract, and one whose handler keeps failing', async () => {
    const invalid = envelope('catalog.product.updated', { product_id: 'not-a-uuid' });
    await search.bus.publish(invalid);
    // A NUL in the name passes the contract (any string) but text columns refuse it, on every attempt.
    const poison = productUpdated(product({ name: 'Poisoned\u0000Lamp' }));
    await search.bus.publish(poison);
    await vi.waitFor(
      async () => {
        const letters = await search.bus.deadLetters('search');
        expect(letters.map((letter) => letter.id)).toEqual(expect.arrayContaining([invalid.id, poison.id]));
        expect(letters.find((letter) => letter.id === poison.id)?.attempts).toBe(2);
      },
      { timeout: 10_000, interval: 25 },
    );
    const inbox = await search.database.query('select 1 from search.inbox where event_id = $1', [poison.id]);
    expect(inbox).toEqual([]);
  });

  it('ranks by popularity: an order weighs more than views, and sort=popularity follows it', async () => {
    const viewed = product({ name: 'Popular Viewed Vase', category: 'vases' });
    const bought = product({ name: 'Popular Bought Vase', category: 'vases' });
    const quiet = product({ name: 'Popular Quiet Vase', category: 'vases' });
    await publish(productUpdated(viewed), productUpdated(bought), productUpdated(quiet));
    await publish(productViewed([1, 2, 3].map(() => ({ product_id: viewed.product_id }))));
    await publish(orderPlaced(newId(), [{ product_id: bought.product_id, quantity: 1 }]));
    const results = await searchFor(search.app, { category: 'vases', sort: 'popularity' });
    expect(results.items.map((item) => item.name)).toEqual([
      'Popular Bought Vase',
      'Popular Viewed Vase',
      'Popular Quiet Vase',
    ]);
    const [first, second, third] = results.items;
    expect(first!.popularity).toBeGreaterThan(second!.popularity);
    expect(second!.popularity).toBeGreaterThan(0);
    expect(third!.popularity).toBe(0);
  });
});
