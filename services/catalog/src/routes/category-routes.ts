import { Type } from '@sinclair/typebox';
import { requireRole } from '@bodega/auth';
import { Category, Page } from '@bodega/contracts';
import type { ServiceApp } from '@bodega/kit';
import { CategoryInput } from '../categories/category.js';
import { createCategory } from '../categories/create-category.js';
import { listCategories } from '../categories/list-categories.js';
import type { CatalogDeps } from '../deps.js';
import { API, errorResponses } from './schemas.js';

const CategoryPage = Type.Object(Page(Category).properties, { additionalProperties: false });

/** Categories: public list with product counts, creation for managers and admins. */
export function registerCategoryRoutes(app: ServiceApp, deps: CatalogDeps): void {
  app.get(
    `${API}/categories`,
    {
      schema: {
        summary: 'Every category, with its count of active products',
        response: { 200: CategoryPage, ...errorResponses(401) },
      },
    },
    async () => listCategories(deps),
  );

  app.post(
    `${API}/categories`,
    {
      schema: {
        summary: 'Create a category (manager, admin)',
        body: CategoryInput,
        response: { 201: Category, ...errorResponses(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      requireRole(request.principal, 'manager', 'admin');
      return reply.status(201).send(await createCategory(deps, request.body));
    },
  );
}
