import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Category, PageOf } from '@bodega/contracts';
import { categories, products } from '../db/schema.js';
import type { CatalogDeps } from '../deps.js';

/**
 * Every category with its count of active products, by name. A shop has a few dozen at most, so
 * they come in one page (`next_cursor` is always null) in the usual list shape.
 */
export async function listCategories(deps: CatalogDeps): Promise<PageOf<Category>> {
  const rows = await deps.db
    .select({
      slug: categories.slug,
      name: categories.name,
      description: categories.description,
      productCount: count(products.id),
    })
    .from(categories)
    .leftJoin(
      products,
      and(eq(products.categorySlug, categories.slug), eq(products.active, true), isNull(products.deletedAt)),
    )
    .groupBy(categories.slug)
    .orderBy(asc(categories.name), asc(categories.slug));
  return {
    items: rows.map((row) => ({
      slug: row.slug,
      name: row.name,
      description: row.description,
      product_count: row.productCount,
    })),
    next_cursor: null,
  };
}
