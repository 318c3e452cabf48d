import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@bodega/testing';
import { ids, searchFor } from './support/api.js';
import { handled, product, productUpdated, tick, type ProductData } from './support/events.js';
import { startSearch, type SearchUnderTest } from './support/search.js';

describe.each(databaseBackends())('search on $name', (backend) => {
  let search: SearchUnderTest;
  const catalog: Record<string, ProductData> = {};

  async function index(...products: ProductData[]) {
    const events = products.map(productUpdated);
    for (const event of events) await search.bus.publish(event);
    await handled(search.database, ...events);
  }

  beforeAll(async () => {
    search = await startSearch(backend);
    catalog.espressoCup = product({
      name: 'Espresso Cup',
      description: 'A small porcelain cup',
      category: 'cups',
      price: { amount: 900, currency: 'USD' },
      stock_qty: 10,
      rating: { average: 4.5, count: 8 },
    });
    catalog.grinder = product({
      name: 'Burr Grinder',
      description: 'Grinds beans for espresso and filter coffee',
      category: 'machines',
      price: { amount: 12_000, currency: 'USD' },
      stock_qty: 0,
      rating: { average: 4.8, count: 3 },
    });
    catalog.machine = product({
      name: 'Espresso Machine Deluxe',
      description: 'Pressure and steam',
      category: 'machines',
      price: { amount: 49_900, currency: 'USD' },
      stock_qty: 2,
      rating: { average: 3.9, count: 20 },
    });
    catalog.teapot = product({
      name: 'Cast Iron Teapot',
      description: 'For loose leaf tea',
      category: 'tea',
      price: { amount: 3_000, currency: 'USD' },
      stock_qty: 4,
    });
    catalog.hidden = product({ name: 'Espresso Secret', category: 'cups', active: false });
    await index(...Object.values(catalog));
  });
  afterAll(async () => {
    await search.close();
  });

  it('finds an indexed product by its words, a name match above a description match', async () => {
    const results = await searchFor(search.app, { q: 'espresso' });
    const found = ids(results.items);
    expect(found).toContain(catalog.espressoCup!.product_id);
    expect(found).toContain(catalog.grinder!.product_id);
    expect(found.indexOf(catalog.espressoCup!.product_id)).toBeLessThan(
      found.indexOf(catalog.grinder!.product_id),
    );
    expect(found.indexOf(catalog.machine!.product_id)).toBeLessThan(
      found.indexOf(catalog.grinder!.product_id),
    );
    expect(results.items[0]).toMatchObject({
      price: { currency: 'USD' },
      in_stock: true,
      popularity: 0,
    });
  });

  it('never shows inactive products', async () => {
    const results = await searchFor(search.app, { q: 'secret espresso' });
    expect(ids(results.items)).not.toContain(catalog.hidden!.product_id);
  });

  it('tolerates typos through trigram similarity: "expresso" finds "Espresso ..."', async () => {
    const results = await searchFor(search.app, { q: 'expresso' });
    expect(ids(results.items)).toEqual(
      expect.arrayContaining([catalog.espressoCup!.product_id, catalog.machine!.product_id]),
    );
    expect((await searchFor(search.app, { q: 'teapott' })).items[0]?.id).toBe(catalog.teapot!.product_id);
  });

  it('corrects the misspelt word of a query whose other words are right', async () => {
    const results = await searchFor(search.app, { q: 'expresso cup' });
    expect(ids(results.items)).toContain(catalog.espressoCup!.product_id);
    expect(ids(results.items)).not.toContain(catalog.teapot!.product_id);
  });

  it('finds prefixes and stems', async () => {
    expect(ids((await searchFor(search.app, { q: 'espres' })).items)).toContain(
      catalog.espressoCup!.product_id,
    );
    expect(ids((await searchFor(search.app, { q: 'cups' })).items)).toContain(
      catalog.espressoCup!.product_id,
    );
  });

  it('filters by category, price range and stock, and counts facets over all matches', async () => {
    const machines = await searchFor(search.app, { q: 'espresso', category: 'machines' });
    expect(ids(machines.items).sort()).toEqual(
      [catalog.grinder!.product_id, catalog.machine!.product_id].sort(),
    );
    const cheap = await searchFor(search.app, { min_price: 500, max_price: 3_000 });
    expect(ids(cheap.items).sort()).toEqual(
      [catalog.espressoCup!.product_id, catalog.teapot!.product_id].sort(),
    );
    const inStock = await searchFor(search.app, { q: 'espresso', in_stock: true });
    expect(ids(inStock.items)).not.toContain(catalog.grinder!.product_id);
    const soldOut = await searchFor(search.app, { q: 'espresso', in_stock: false });
    expect(ids(soldOut.items)).toEqual([catalog.grinder!.product_id]);

    const all = await searchFor(search.app, { q: 'espresso', limit: 1 });
    expect(all.items).toHaveLength(1);
    expect(all.total).toBe(3);
    expect(all.facets.category).toEqual([
      { value: 'machines', count: 2 },
      { value: 'cups', count: 1 },
    ]);
    expect(all.facets.in_stock).toBe(2);
    expect(all.facets.price.map((bucket) => bucket.count)).toEqual([1, 0, 0, 0, 1, 1]);
  });

  it('sorts by price, newest, rating and popularity, and by relevance by default', async () => {
    const sorted = async (sort: string) => ids((await searchFor(search.app, { sort })).items);
    const [espressoCup, grinder, machine, teapot] = (
      ['espressoCup', 'grinder', 'machine', 'teapot'] as const
    ).map((key) => catalog[key]!) as [ProductData, ProductData, ProductData, ProductData];
    expect(await sorted('price_asc')).toEqual(
      [espressoCup, teapot, grinder, machine].map((p) => p.product_id),
    );
    expect(await sorted('price_desc')).toEqual(
      [machine, grinder, teapot, espressoCup].map((p) => p.product_id),
    );
    expect(await sorted('newest')).toEqual([teapot, machine, grinder, espressoCup].map((p) => p.product_id));
    expect(await sorted('rating')).toEqual([grinder, espressoCup, machine, teapot].map((p) => p.product_id));
    // No popularity yet: newest first.
    expect(await sorted('popularity')).toEqual(await sorted('newest'));
    expect(ids((await searchFor(search.app, { q: 'teapot', sort: 'relevance' })).items)[0]).toBe(
      teapot.product_id,
    );
  });

  it('pages through every match once, with a cursor', async () => {
    const more = Array.from({ length: 7 }, (_, i) => product({ name: `Paging Mug ${i}`, category: 'mugs' }));
    await index(...more);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await searchFor(search.app, { q: 'paging mug', limit: 3, cursor });
      expect(page.total).toBe(7);
      seen.push(...ids(page.items));
      cursor = page.next_cursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    expect(seen.sort()).toEqual(more.map((p) => p.product_id).sort());
  });

  it('shows a change at once, though results are cached', async () => {
    const kettle = product({ name: 'Gooseneck Kettle', updated_at: tick() });
    await index(kettle);
    expect((await searchFor(search.app, { q: 'gooseneck' })).items[0]?.name).toBe('Gooseneck Kettle');
    await index({ ...kettle, name: 'Gooseneck Kettle Pro', updated_at: tick() });
    expect((await searchFor(search.app, { q: 'gooseneck' })).items[0]?.name).toBe('Gooseneck Kettle Pro');
    await index({ ...kettle, active: false, updated_at: tick() });
    expect((await searchFor(search.app, { q: 'gooseneck' })).items).toEqual([]);
  });

  it('browses everything active without q, and finds nothing for text without words', async () => {
    const browse = await searchFor(search.app, { q: '' });
    expect(browse.total).toBeGreaterThanOrEqual(4);
    expect(ids(browse.items)).not.toContain(catalog.hidden!.product_id);
    const nothing = await searchFor(search.app, { q: "' & | !" });
    expect(nothing).toMatchObject({ items: [], total: 0, next_cursor: null });
  });
});

describe.each(databaseBackends())('the search cache on $name', (backend) => {
  let search: SearchUnderTest;
  beforeAll(async () => {
    search = await startSearch(backend);
  });
  afterAll(async () => {
    await search.close();
  });

  it('serves a repeated search from the cache until the index changes', async () => {
    const bowl = product({ name: 'Ceramic Bowl' });
    const event = productUpdated(bowl);
    await search.bus.publish(event);
    await handled(search.database, event);
    expect((await searchFor(search.app, { q: 'ceramic' })).items[0]?.name).toBe('Ceramic Bowl');
    // Behind the indexer's back: the cached answer still shows the old name.
    await search.database.query(
      `update search.documents set name = 'Ceramic Bowl Edited' where product_id = $1`,
      [bowl.product_id],
    );
    expect((await searchFor(search.app, { q: 'ceramic' })).items[0]?.name).toBe('Ceramic Bowl');
    // Any applied event moves the generation on: the next search reads the database again.
    const other = productUpdated(product({ name: 'Unrelated Spoon' }));
    await search.bus.publish(other);
    await handled(search.database, other);
    expect((await searchFor(search.app, { q: 'ceramic' })).items[0]?.name).toBe('Ceramic Bowl Edited');
  });

  it("keeps cached results through stock changes within availability, showing each hit's live stock", async () => {
    const jug = product({ name: 'Pewter Jug', stock_qty: 5 });
    const apply = async (data: ProductData) => {
      const event = productUpdated(data);
      await search.bus.publish(event);
      await handled(search.database, event);
    };
    // Behind the indexer's back: only a page read again from the database shows this name.
    const renameBehindItsBack = (name: string) =>
      search.database.query(`update search.documents set name = $1 where product_id = $2`, [
        name,
        jug.product_id,
      ]);
    await apply(jug);
    const first = await searchFor(search.app, { q: 'pewter' });
    expect(first.items[0]).toMatchObject({ name: 'Pewter Jug', stock_qty: 5, in_stock: true });

    // A checkout took two: the page is still the cached one, with the live stock and version.
    const sold = { ...jug, stock_qty: 3, updated_at: tick() };
    await apply(sold);
    await renameBehindItsBack('Pewter Jug (read again)');
    const afterSale = await searchFor(search.app, { q: 'pewter' });
    expect(afterSale.items[0]).toMatchObject({ name: 'Pewter Jug', stock_qty: 3, in_stock: true });
    expect(afterSale.items[0]?.updated_at).toBe(sold.updated_at);
    expect(afterSale.facets.in_stock).toBe(first.facets.in_stock);

    // Sold out: availability changed (the in-stock filter and facet), so the page is read again.
    await apply({ ...jug, stock_qty: 0, updated_at: tick() });
    await renameBehindItsBack('Pewter Jug (read again)');
    const soldOut = await searchFor(search.app, { q: 'pewter' });
    expect(soldOut.items[0]).toMatchObject({
      name: 'Pewter Jug (read again)',
      stock_qty: 0,
      in_stock: false,
    });
    expect(soldOut.facets.in_stock).toBe(first.facets.in_stock - 1);

    // And for any other change: a new price.
    await apply({ ...jug, stock_qty: 0, price: { amount: 999, currency: 'USD' }, updated_at: tick() });
    await renameBehindItsBack('Pewter Jug (read once more)');
    expect((await searchFor(search.app, { q: 'pewter' })).items[0]).toMatchObject({
      name: 'Pewter Jug (read once more)',
      price: { amount: 999, currency: 'USD' },
    });
  });
});
