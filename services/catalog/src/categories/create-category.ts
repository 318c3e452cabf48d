import type { Category } from '@bodega/contracts';
import { Conflict } from '@bodega/errors';
import { categories } from '../db/schema.js';
import type { CatalogDeps } from '../deps.js';
import type { CategoryInput } from './category.js';

/** Creates a category (empty at first); its slug is taken for good. */
export async function createCategory(deps: CatalogDeps, input: CategoryInput): Promise<Category> {
  const now = deps.now();
  const [row] = await deps.db
    .insert(categories)
    .values({
      slug: input.slug,
      name: input.name.trim(),
      description: input.description ?? '',
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    throw Conflict('A category with this slug exists', {
      code: 'CATEGORY_EXISTS',
      details: { field: 'slug' },
    });
  }
  return { slug: row.slug, name: row.name, description: row.description, product_count: 0 };
}
