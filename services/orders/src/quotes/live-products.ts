import type { ProductSnapshot } from '@bodega/contracts';
import type { CatalogClient } from '../clients/catalog-client.js';
import { productUnavailable } from '../errors.js';
import type { PricingLine } from '../pricing/calculator.js';

/** A line as shoppers send it. */
export interface ItemRequest {
  product_id: string;
  quantity: number;
}

/**
 * Live facts about the products of `items`, in one catalog call; 422 `PRODUCT_UNAVAILABLE` naming
 * every product that does not exist or cannot be bought any more.
 */
export async function purchasableProducts(
  catalog: CatalogClient,
  items: readonly ItemRequest[],
): Promise<Map<string, ProductSnapshot>> {
  const ids = [...new Set(items.map((item) => item.product_id.toLowerCase()))];
  const found = await catalog.lookup(ids);
  const products = new Map(found.items.map((product) => [product.id.toLowerCase(), product]));
  const unavailable = ids.filter((id) => products.get(id)?.purchasable !== true);
  if (unavailable.length > 0) throw productUnavailable(unavailable);
  return products;
}

/** The calculator's lines: each item at its product's live price. */
export function pricingLines(
  items: readonly ItemRequest[],
  products: ReadonlyMap<string, ProductSnapshot>,
): PricingLine[] {
  return items.map((item) => {
    const product = products.get(item.product_id.toLowerCase());
    if (!product) throw productUnavailable([item.product_id]);
    return { product_id: product.id, quantity: item.quantity, unit_price: product.price };
  });
}
