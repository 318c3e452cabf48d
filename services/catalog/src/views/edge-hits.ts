import type { EdgeHit, Product } from '@bodega/contracts';
import type { CatalogDeps } from '../deps.js';
import { parseProductRef } from '../products/product.js';
import { readProduct } from '../products/product-cache.js';
import { sessionIdOf } from './view-recorder.js';

const productPath = /^\/api\/v1\/products\/([^/?#]+)\/?(?:[?#]|$)/;

/**
 * Product reads the gateway answered from its edge cache still count as views: each hit on a
 * product's page is recorded as if catalog had served it (best effort, like every view). Hits on
 * anything else, or on a product gone meanwhile, are skipped. Each product is read once per batch
 * (a popular page is most of a batch). Resolves to how many views were recorded.
 */
export async function recordEdgeHits(deps: CatalogDeps, hits: readonly EdgeHit[]): Promise<number> {
  const products = new Map<string, Promise<Product | undefined>>();
  const productOf = (segment: string) => {
    let product = products.get(segment);
    if (!product) {
      product = readSegment(deps, segment);
      products.set(segment, product);
    }
    return product;
  };
  let recorded = 0;
  for (const hit of hits) {
    const segment = productPath.exec(hit.url)?.[1];
    if (segment === undefined) continue;
    const product = await productOf(segment);
    if (!product?.active) continue;
    deps.views.record({
      product_id: product.id,
      category: product.category,
      customer_id: hit.user_id,
      session_id: sessionIdOf(hit.session_id ?? undefined),
      viewed_at: hit.at,
    });
    recorded++;
  }
  return recorded;
}

async function readSegment(deps: CatalogDeps, segment: string): Promise<Product | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  const ref = (() => {
    try {
      return parseProductRef(decoded);
    } catch {
      return undefined;
    }
  })();
  return ref === undefined ? undefined : readProduct(deps, ref);
}
