import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends, uniqueSuffix } from '@bodega/testing';
import { API, call, expectError, productInput, type ProductJson } from './support/api.js';
import { startCatalog, type CatalogUnderTest } from './support/catalog.js';
import type { TestUser as User } from '@bodega/testing';

describe.each(databaseBackends())('products on $name', (backend) => {
  let catalog: CatalogUnderTest;
  let manager: User;
  let admin: User;
  let customer: User;
  let category: string;

  const createProduct = (body: unknown, token = manager.token) =>
    call(catalog.app, { method: 'POST', url: `${API}/products`, body, token });
  const getProduct = (id: string, token?: string) =>
    call(catalog.app, { method: 'GET', url: `${API}/products/${id}`, token });
  const listProducts = (query: string, token?: string) =>
    call(catalog.app, { method: 'GET', url: `${API}/products${query}`, token });
  async function created(overrides: Record<string, unknown> = {}, inCategory = category) {
    const response = await createProduct(productInput(inCategory, overrides));
    expect(response.statusCode, response.body).toBe(201);
    return response.json<ProductJson>();
  }
  async function newCategory(label = 'cat') {
    const slug = `${label}-${uniqueSuffix()}`;
    const response = await call(catalog.app, {
      method: 'POST',
      url: `${API}/categories`,
      token: admin.token,
      body: { slug, name: `Category ${slug}`, description: 'For tests' },
    });
    expect(response.statusCode, response.body).toBe(201);
    return slug;
  }

  beforeAll(async () => {
    catalog = await startCatalog(backend);
    manager = await catalog.identity.user('manager');
    admin = await catalog.identity.user('admin');
    customer = await catalog.identity.user('customer');
    category = await newCategory('kitchen');
  });
  afterAll(async () => {
    await catalog.close();
  });

  describe('creating, reading, editing and deleting', () => {
    it('creates a product (201) in the contract shape, readable by id and by slug', async () => {
      const input = productInput(category);
      const response = await createProduct(input);
      expect(response.statusCode, response.body).toBe(201);
      const product = response.json<ProductJson>();
      expect(product).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        slug: input.slug,
        name: input.name,
        description: input.description,
        category,
        sku: input.sku,
        price: { amount: 1999, currency: 'USD' },
        stock_qty: 10,
        images: input.images,
        attributes: input.attributes,
        active: true,
        rating: { average: 0, count: 0 },
        created_at: expect.stringMatching(/Z$/),
        updated_at: product.created_at,
      });
      expect((await getProduct(product.id)).json()).toEqual(product);
      expect((await getProduct(product.slug)).json()).toEqual(product);
    });

    it('derives the slug from the name when none is given', async () => {
      const suffix = uniqueSuffix();
      const { slug: _slug, ...input } = productInput(category, { name: `Crème Brûlée Torch ${suffix}` });
      const response = await createProduct(input);
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().slug).toBe(`creme-brulee-torch-${suffix}`);
    });

    it('answers 409 for a taken slug or SKU, naming the field', async () => {
      const product = await created();
      const slugClash = expectError(
        await createProduct(productInput(category, { slug: product.slug })),
        409,
        'SLUG_TAKEN',
      );
      expect(slugClash.details).toEqual({ field: 'slug' });
      expectError(await createProduct(productInput(category, { sku: product.sku })), 409, 'SKU_TAKEN');
    });

    it('edits some fields and keeps the others (PATCH), with 409 on a taken slug', async () => {
      const product = await created();
      const other = await created();
      const response = await call(catalog.app, {
        method: 'PATCH',
        url: `${API}/products/${product.id}`,
        token: admin.token,
        body: { name: 'Renamed', price: { amount: 2500, currency: 'EUR' }, slug: `${product.slug}-v2` },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        id: product.id,
        name: 'Renamed',
        slug: `${product.slug}-v2`,
        price: { amount: 2500, currency: 'EUR' },
        sku: product.sku,
        stock_qty: 10,
      });
      expect(response.json().updated_at >= product.updated_at).toBe(true);
      expectError(await getProduct(product.slug), 404, 'PRODUCT_NOT_FOUND');
      expectError(
        await call(catalog.app, {
          method: 'PATCH',
          url: `${API}/products/${product.id}`,
          token: admin.token,
          body: { sku: other.sku },
        }),
        409,
        'SKU_TAKEN',
      );
      expectError(
        await call(catalog.app, {
          method: 'PATCH',
          url: `${API}/products/${product.id}`,
          token: admin.token,
          body: {},
        }),
        400,
        'VALIDATION_ERROR',
      );
      expectError(
        await call(catalog.app, {
          method: 'PATCH',
          url: `${API}/products/${product.id}`,
          token: admin.token,
          body: { category: 'no-such-category' },
        }),
        422,
        'UNKNOWN_CATEGORY',
      );
    });

    it('sets the stock with PUT /stock', async () => {
      const product = await created();
      const response = await call(catalog.app, {
        method: 'PUT',
        url: `${API}/products/${product.slug}/stock`,
        token: manager.token,
        body: { stock_qty: 0 },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().stock_qty).toBe(0);
      expectError(
        await call(catalog.app, {
          method: 'PUT',
          url: `${API}/products/${product.id}/stock`,
          token: manager.token,
          body: { stock_qty: -1 },
        }),
        400,
        'VALIDATION_ERROR',
      );
    });

    it('deletes softly: 204, then 404 for reads, edits and a second delete', async () => {
      const product = await created();
      const remove = () =>
        call(catalog.app, { method: 'DELETE', url: `${API}/products/${product.id}`, token: manager.token });
      const response = await remove();
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expectError(await getProduct(product.id), 404, 'PRODUCT_NOT_FOUND');
      expectError(await remove(), 404, 'PRODUCT_NOT_FOUND');
      const rows = await catalog.database.query<{ deleted: boolean }>(
        'select deleted_at is not null as deleted from catalog.products where id = $1',
        [product.id],
      );
      expect(rows).toEqual([{ deleted: true }]);
      // Slugs and SKUs are never reused, even after a delete.
      expectError(await createProduct(productInput(category, { slug: product.slug })), 409, 'SLUG_TAKEN');
    });

    it('hides inactive products from everyone but managers and admins', async () => {
      const product = await created({ active: false });
      expectError(await getProduct(product.id), 404, 'PRODUCT_NOT_FOUND');
      expectError(await getProduct(product.id, customer.token), 404, 'PRODUCT_NOT_FOUND');
      expect((await getProduct(product.id, manager.token)).json()).toMatchObject({ active: false });
    });
  });

  describe('listing', () => {
    let listCategory: string;
    let items: ProductJson[];
    beforeAll(async () => {
      listCategory = await newCategory('list');
      items = [];
      const prices = [500, 1500, 2500, 3500, 4500];
      for (const [index, amount] of prices.entries()) {
        items.push(
          await created(
            { price: { amount, currency: 'USD' }, stock_qty: index % 2 === 0 ? 5 : 0 },
            listCategory,
          ),
        );
      }
      await created({ active: false }, listCategory);
    });

    it('pages through every active product of a category, in creation order, without repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `?category=${listCategory}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const response = await listProducts(query);
        expect(response.statusCode, response.body).toBe(200);
        const page = response.json<{ items: ProductJson[]; next_cursor: string | null }>();
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((product) => product.id));
        cursor = page.next_cursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(items.map((product) => product.id));
    });

    it('filters by price range and stock', async () => {
      const byPrice = (await listProducts(`?category=${listCategory}&min_price=1500&max_price=3500`)).json();
      expect(byPrice.items.map((p: ProductJson) => p.price.amount)).toEqual([1500, 2500, 3500]);
      const inStock = (await listProducts(`?category=${listCategory}&in_stock=true`)).json();
      expect(inStock.items).toHaveLength(3);
      const soldOut = (await listProducts(`?category=${listCategory}&in_stock=false`)).json();
      expect(soldOut.items.every((p: ProductJson) => p.stock_qty === 0)).toBe(true);
      expect(soldOut.items).toHaveLength(2);
    });

    it('reads a batch of products by id in one call, leaving out unknown ones', async () => {
      const [first, , third] = items;
      const unknown = '0190a0a0-0000-7000-8000-000000000000';
      const batch = (await listProducts(`?ids=${third!.id},${unknown},${first!.id.toUpperCase()}`)).json();
      expect(batch.items.map((p: ProductJson) => p.id)).toEqual([first!.id, third!.id]);
      expect(batch.next_cursor).toBeNull();
      expectError(await listProducts('?ids=not-a-uuid'), 400, 'VALIDATION_ERROR');
      const tooMany = Array.from({ length: 101 }, () => unknown).join(',');
      expectError(await listProducts(`?ids=${tooMany}`), 400, 'VALIDATION_ERROR');
    });

    it('shows inactive products to managers on request only, and refuses the request from customers and anonymous callers', async () => {
      const all = (
        await listProducts(`?category=${listCategory}&include_inactive=true`, manager.token)
      ).json();
      expect(all.items).toHaveLength(6);
      expectError(
        await listProducts(`?category=${listCategory}&include_inactive=true`, customer.token),
        403,
        'FORBIDDEN',
      );
      // Anonymous callers are asked to sign in, as for every staff-only request.
      expectError(
        await listProducts(`?category=${listCategory}&include_inactive=true`),
        401,
        'AUTHENTICATION_REQUIRED',
      );
    });

    it('counts active products per category', async () => {
      const response = await call(catalog.app, { method: 'GET', url: `${API}/categories` });
      expect(response.statusCode).toBe(200);
      const entry = response.json().items.find((c: { slug: string }) => c.slug === listCategory);
      expect(entry).toEqual({
        slug: listCategory,
        name: `Category ${listCategory}`,
        description: 'For tests',
        product_count: 5,
      });
    });

    it('rejects bad query parameters with 400 and a forged cursor with INVALID_CURSOR', async () => {
      expectError(await listProducts('?limit=0'), 400, 'VALIDATION_ERROR');
      expectError(await listProducts('?limit=1000000'), 400, 'VALIDATION_ERROR');
      expectError(await listProducts('?limit=ten'), 400, 'VALIDATION_ERROR');
      expectError(await listProducts('?min_price=-5'), 400, 'VALIDATION_ERROR');
      expectError(await listProducts('?sort=price'), 400, 'VALIDATION_ERROR');
      expectError(await listProducts('?cursor=garbage'), 400, 'INVALID_CURSOR');
      const forged = Buffer.from("p1:' or 1=1 --").toString('base64url');
      expectError(await listProducts(`?cursor=${forged}`), 400, 'INVALID_CURSOR');
      // NUL characters are refused before any cursor is read (the kit's validation).
      expectError(await listProducts(`?cursor=${'%00'.repeat(10)}`), 400, 'VALIDATION_ERROR');
    });
  });

  describe('bad input and access', () => {
    it.each([
      ['a negative price', { price: { amount: -1, currency: 'USD' } }],
      ['a fractional price', { price: { amount: 19.99, currency: 'USD' } }],
      ['an absurd price', { price: { amount: 1e12, currency: 'USD' } }],
      ['a price as a string', { price: { amount: '1999', currency: 'USD' } }],
      ['a lowercase currency', { price: { amount: 100, currency: 'usd' } }],
      ['an empty name', { name: '' }],
      ['a blank name', { name: '   ' }],
      ['a 201-character name', { name: 'n'.repeat(201) }],
      ['a negative stock', { stock_qty: -3 }],
      ['a fractional stock', { stock_qty: 1.5 }],
      ['an invalid slug', { slug: 'Not A Slug' }],
      ['an unknown field', { color: 'red' }],
      ['a javascript: image', { images: ['javascript:alert(1)'] }],
      ['nested attributes', { attributes: { nested: { a: 1 } } }],
    ])('rejects %s with 400', async (_label, override) => {
      expectError(await createProduct(productInput(category, override)), 400, 'VALIDATION_ERROR');
    });

    it('rejects a missing field with 400', async () => {
      const { sku: _sku, ...input } = productInput(category);
      expectError(await createProduct(input), 400, 'VALIDATION_ERROR');
    });

    it('rejects an unknown category with 422 UNKNOWN_CATEGORY', async () => {
      const error = expectError(
        await createProduct(productInput('no-such-category')),
        422,
        'UNKNOWN_CATEGORY',
      );
      expect(error.details).toEqual({ field: 'category' });
    });

    it('rejects a 10 MB name with 413 and the standard body', async () => {
      expectError(
        await createProduct(productInput(category, { name: 'x'.repeat(10 * 1024 * 1024) })),
        413,
        'PAYLOAD_TOO_LARGE',
      );
    });

    it('rejects malformed JSON and other content types with 4xx standard bodies', async () => {
      const broken = await call(catalog.app, {
        method: 'POST',
        url: `${API}/products`,
        token: manager.token,
        body: '{"name":',
      });
      expect(broken.statusCode).toBe(400);
      expect(broken.json().error.code).toEqual(expect.any(String));
      const text = await call(catalog.app, {
        method: 'POST',
        url: `${API}/products`,
        token: manager.token,
        headers: { 'content-type': 'application/xml' },
        body: 'hello',
      });
      expectError(text, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers 400 for ids that are neither a UUID nor a slug', async () => {
      expectError(await getProduct('NOT_A_SLUG!'), 400, 'INVALID_PRODUCT_ID');
      expectError(await getProduct(`${'a'.repeat(98)}-`), 400, 'INVALID_PRODUCT_ID');
      expectError(
        await call(catalog.app, {
          method: 'PATCH',
          url: `${API}/products/${encodeURIComponent("1' or '1'='1")}`,
          token: manager.token,
          body: { name: 'x' },
        }),
        400,
        'INVALID_PRODUCT_ID',
      );
      expectError(await getProduct('0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b'), 404, 'PRODUCT_NOT_FOUND');
    });

    it('refuses writes to anonymous callers (401) and customers (403)', async () => {
      const product = await created();
      const writes = [
        { method: 'POST' as const, url: `${API}/products`, body: productInput(category) },
        { method: 'PATCH' as const, url: `${API}/products/${product.id}`, body: { name: 'x' } },
        { method: 'PUT' as const, url: `${API}/products/${product.id}/stock`, body: { stock_qty: 1 } },
        { method: 'DELETE' as const, url: `${API}/products/${product.id}` },
        { method: 'POST' as const, url: `${API}/categories`, body: { slug: 'x', name: 'X' } },
      ];
      for (const write of writes) {
        expectError(await call(catalog.app, write), 401, 'AUTHENTICATION_REQUIRED');
        expectError(await call(catalog.app, { ...write, token: customer.token }), 403, 'FORBIDDEN');
      }
      expect((await getProduct(product.id, 'not-a-token')).statusCode).toBe(401);
    });

    it('answers 409 for a second category with the same slug', async () => {
      const slug = await newCategory('dup');
      expectError(
        await call(catalog.app, {
          method: 'POST',
          url: `${API}/categories`,
          token: admin.token,
          body: { slug, name: 'Again' },
        }),
        409,
        'CATEGORY_EXISTS',
      );
    });
  });
});
