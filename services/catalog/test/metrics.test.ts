import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends, uniqueSuffix, type TestUser } from '@bodega/testing';
import { API, call, productInput, type ProductJson } from './support/api.js';
import { startCatalog, type CatalogUnderTest } from './support/catalog.js';

/** The sum of the /metrics lines of `name` carrying every one of `labels`; 0 when there is none. */
async function metric(catalog: CatalogUnderTest, name: string, labels: Record<string, string> = {}) {
  const text = (await catalog.app.inject({ method: 'GET', url: '/metrics' })).body;
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe.each(databaseBackends())('catalog metrics on $name', (backend) => {
  let catalog: CatalogUnderTest;
  let manager: TestUser;
  let product: ProductJson;

  beforeAll(async () => {
    catalog = await startCatalog(backend);
    manager = await catalog.identity.user('manager');
    const category = `met-${uniqueSuffix()}`;
    await call(catalog.app, {
      method: 'POST',
      url: `${API}/categories`,
      token: manager.token,
      body: { slug: category, name: 'Metrics' },
    });
    const created = await call(catalog.app, {
      method: 'POST',
      url: `${API}/products`,
      token: manager.token,
      body: productInput(category),
    });
    expect(created.statusCode, created.body).toBe(201);
    product = created.json<ProductJson>();
  });
  afterAll(async () => {
    await catalog.close();
  });

  it('counts a review posted by its rating, and not a refused second one', async () => {
    const before = await metric(catalog, 'catalog_reviews_posted_total', { rating: '4' });
    const author = await catalog.identity.user('customer');
    const post = () =>
      call(catalog.app, {
        method: 'POST',
        url: `${API}/products/${product.id}/reviews`,
        token: author.token,
        body: { rating: 4, title: 'Good', body: 'Solid mug' },
      });
    expect((await post()).statusCode).toBe(201);
    expect((await post()).statusCode).toBe(409);
    expect(await metric(catalog, 'catalog_reviews_posted_total', { rating: '4' })).toBe(before + 1);
    expect(await metric(catalog, 'catalog_reviews_posted_total', { rating: '1' })).toBe(0);
  });

  it('reads the outbox backlog and the database pool on scrape', async () => {
    // The relay publishes what the writes above queued: the backlog drains to nothing.
    await expect
      .poll(() => metric(catalog, 'events_outbox_backlog'), { timeout: 10_000, interval: 20 })
      .toBe(0);
    expect(await metric(catalog, 'events_outbox_published_total')).toBeGreaterThanOrEqual(2);
    expect(await metric(catalog, 'db_pool_connections_max')).toBeGreaterThanOrEqual(1);
  });
});
