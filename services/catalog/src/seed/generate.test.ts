import { describe, expect, it } from 'vitest';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { registerFormats } from '@bodega/contracts';
import { CategoryInput } from '../categories/category.js';
import { ProductInput } from '../products/product.js';
import { generateCatalog, mulberry32 } from './generate.js';

describe('the demo catalog generator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateCatalog({ products: 50, seed: 7 })).toEqual(generateCatalog({ products: 50, seed: 7 }));
    expect(generateCatalog({ products: 50, seed: 7 })).not.toEqual(
      generateCatalog({ products: 50, seed: 8 }),
    );
    expect(mulberry32(1)()).toBe(mulberry32(1)());
  });

  it('produces a dozen categories and valid POST /products inputs in them', () => {
    registerFormats();
    const catalog = generateCatalog({ products: 500, seed: 1 });
    expect(catalog.categories).toHaveLength(12);
    const product = TypeCompiler.Compile(ProductInput);
    const category = TypeCompiler.Compile(CategoryInput);
    expect(catalog.categories.every((c) => category.Check(c))).toBe(true);
    const invalid = catalog.products.filter((p) => !product.Check(p));
    expect(invalid).toEqual([]);
    const slugs = new Set(catalog.categories.map((c) => c.slug));
    expect(catalog.products.every((p) => slugs.has(p.category))).toBe(true);
    expect(catalog.products[0]?.images?.[0]).toMatch(
      /^https:\/\/images\.bodega\.dev\/products\/[a-z0-9-]+\.jpg$/,
    );
    expect(catalog.products.some((p) => p.stock_qty === 0)).toBe(true);
  });

  it('keeps slugs and SKUs apart between seeds, so two seeded catalogs live side by side', () => {
    const one = generateCatalog({ products: 300, seed: 1 }).products;
    const seven = generateCatalog({ products: 300, seed: 7 }).products;
    const slugs = new Set(one.map((p) => p.slug));
    const skus = new Set(one.map((p) => p.sku));
    expect(seven.filter((p) => slugs.has(p.slug ?? '') || skus.has(p.sku))).toEqual([]);
  });

  it('keeps slugs and SKUs unique at 100,000 products', () => {
    const { products } = generateCatalog({ products: 100_000, seed: 3 });
    expect(new Set(products.map((p) => p.slug)).size).toBe(100_000);
    expect(new Set(products.map((p) => p.sku)).size).toBe(100_000);
  });
});
