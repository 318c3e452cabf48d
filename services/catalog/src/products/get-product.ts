import { hasRole, type Principal } from '@bodega/auth';
import type { Product } from '@bodega/contracts';
import type { CatalogDeps } from '../deps.js';
import { parseProductRef } from './product.js';
import { readProduct } from './product-cache.js';
import { productNotFound } from './product-store.js';

export interface ViewContext {
  sessionId: string | null;
}

/**
 * One product by id or slug, through the cache. Inactive products exist only for managers and
 * admins. Every successful read counts as a view (best-effort, never awaited).
 */
export async function getProduct(
  deps: CatalogDeps,
  principal: Principal | undefined,
  idOrSlug: string,
  view: ViewContext,
): Promise<Product> {
  const product = await readProduct(deps, parseProductRef(idOrSlug));
  if (!product || (!product.active && !hasRole(principal, 'manager', 'admin'))) throw productNotFound();
  deps.views.record({
    product_id: product.id,
    category: product.category,
    customer_id: principal?.user_id ?? null,
    session_id: view.sessionId,
    viewed_at: deps.now().toISOString(),
  });
  return product;
}
