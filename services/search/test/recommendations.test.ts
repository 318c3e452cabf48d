import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope, SearchHit } from '@bodega/contracts';
import { newId } from '@bodega/db';
import { databaseBackends } from '@bodega/testing';
import { expectError, get, ids } from './support/api.js';
import {
  handled,
  orderPlaced,
  product,
  productUpdated,
  productViewed,
  type ProductData,
} from './support/events.js';
import { startSearch, type SearchUnderTest } from './support/search.js';

interface Answer {
  items: SearchHit[];
  strategy: string;
}

describe.each(databaseBackends())('recommendations on $name', (backend) => {
  let search: SearchUnderTest;
  const shop: Record<string, ProductData> = {};
  const publish = async (...events: EventEnvelope[]) => {
    for (const event of events) await search.bus.publish(event);
    await handled(search.database, ...events);
  };
  const recommend = async (query: Record<string, string | number>, token?: string) => {
    const response = await get(search.app, '/recommendations', query, token);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Answer>();
  };
  const idOf = (key: string) => shop[key]!.product_id;

  beforeAll(async () => {
    search = await startSearch(backend);
    shop.pot = product({ name: 'Moka Pot', category: 'brewers' });
    shop.beans = product({ name: 'Dark Beans', category: 'coffee' });
    shop.filter = product({ name: 'Paper Filter', category: 'coffee' });
    shop.press = product({ name: 'French Press', category: 'brewers' });
    shop.dripper = product({ name: 'Pour Over Dripper', category: 'brewers' });
    shop.soldOut = product({ name: 'Sold Out Kettle', category: 'brewers', stock_qty: 0 });
    shop.lonely = product({ name: 'Lonely Saucer', category: 'saucers' });
    await publish(...Object.values(shop).map(productUpdated));
  });
  afterAll(async () => {
    await search.close();
  });

  it('recommends what was bought together with a product, strongest first, never the product itself', async () => {
    const buyer = newId();
    await publish(
      orderPlaced(buyer, [
        { product_id: idOf('pot'), quantity: 1 },
        { product_id: idOf('beans'), quantity: 2 },
      ]),
      orderPlaced(newId(), [
        { product_id: idOf('pot'), quantity: 1 },
        { product_id: idOf('beans'), quantity: 1 },
        { product_id: idOf('filter'), quantity: 1 },
      ]),
    );
    const answer = await recommend({ product_id: idOf('pot'), limit: 4 });
    expect(answer.strategy).toBe('bought_together');
    expect(ids(answer.items).slice(0, 2)).toEqual([idOf('beans'), idOf('filter')]);
    expect(ids(answer.items)).not.toContain(idOf('pot'));
    expect(ids(answer.items)).not.toContain(idOf('soldOut'));
    expect(answer.items).toHaveLength(4);
  });

  it('recommends what one viewer viewed together, when nothing was bought with it', async () => {
    const session = `session-${newId()}`;
    await publish(
      productViewed([
        { product_id: idOf('press'), session_id: session },
        { product_id: idOf('dripper'), session_id: session },
        { product_id: idOf('press'), session_id: session },
      ]),
    );
    const answer = await recommend({ product_id: idOf('press'), limit: 2 });
    expect(answer.strategy).toBe('viewed_together');
    expect(answer.items[0]?.id).toBe(idOf('dripper'));
    expect(ids(answer.items)).not.toContain(idOf('press'));
    // Reloading the same page pairs nothing new.
    const rows = await search.database.query<{ count: number }>(
      `select count from search.co_occurrences where product_a = $1 and product_b = $2 and kind = 'viewed'`,
      [idOf('press'), idOf('dripper')],
    );
    expect(rows).toEqual([{ count: 1 }]);
  });

  it('falls back to popular products, of its category first, for a product without signals or unknown', async () => {
    const lonely = await recommend({ product_id: idOf('lonely'), limit: 3 });
    expect(lonely.strategy).toBe('popular');
    expect(ids(lonely.items)).not.toContain(idOf('lonely'));
    expect(lonely.items).toHaveLength(3);
    const unknown = await recommend({ product_id: newId() });
    expect(unknown.strategy).toBe('popular');
    expect(unknown.items.length).toBeGreaterThan(0);
  });

  it('answers the most popular in-stock products to anyone without a signal', async () => {
    const answer = await recommend({ limit: 50 });
    expect(answer.strategy).toBe('popular');
    expect(answer.items[0]?.id).toBe(idOf('beans'));
    expect(ids(answer.items)).not.toContain(idOf('soldOut'));
    // Two reads make the list: the products with popularity, most popular first, then those nobody
    // viewed or bought yet, newest first; each product once.
    const firstUnseen = answer.items.findIndex((hit) => hit.popularity === 0);
    expect(firstUnseen).toBeGreaterThan(0);
    const [seen, unseen] = [answer.items.slice(0, firstUnseen), answer.items.slice(firstUnseen)];
    expect(unseen.every((hit) => hit.popularity === 0)).toBe(true);
    expect(seen.map((hit) => hit.popularity)).toEqual(
      seen.map((hit) => hit.popularity).sort((a, b) => b - a),
    );
    const created = unseen.map((hit) => hit.created_at);
    expect(created).toEqual([...created].sort().reverse());
    expect(new Set(ids(answer.items)).size).toBe(answer.items.length);
  });

  it('recommends to a customer what co-occurs with their own history, and only to them (or staff)', async () => {
    const customer = newId();
    await publish(productViewed([{ product_id: idOf('pot'), customer_id: customer }]));
    const token = await search.identity.token(customer, 'customer');
    const mine = await recommend({ customer_id: customer, limit: 3 }, token);
    expect(mine.strategy).toBe('personal');
    expect(ids(mine.items)).not.toContain(idOf('pot'));
    expect(mine.items[0]?.id).toBe(idOf('beans'));

    const manager = await search.identity.token(newId(), 'manager');
    expect((await recommend({ customer_id: customer }, manager)).strategy).toBe('personal');

    const stranger = await search.identity.token(newId(), 'customer');
    expectError(
      await get(search.app, '/recommendations', { customer_id: customer }, stranger),
      403,
      'FORBIDDEN',
    );
    expectError(
      await get(search.app, '/recommendations', { customer_id: customer }),
      401,
      'AUTHENTICATION_REQUIRED',
    );
    expectError(await get(search.app, '/recommendations', {}, 'not.a.token'), 401, 'INVALID_TOKEN');

    const newcomer = newId();
    const theirs = await recommend(
      { customer_id: newcomer },
      await search.identity.token(newcomer, 'customer'),
    );
    expect(theirs.strategy).toBe('popular');
  });
});
