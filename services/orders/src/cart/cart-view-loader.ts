import type { Cart } from '@bodega/contracts';
import type { CartRow } from '../db/schema.js';
import type { OrdersDeps } from '../deps.js';
import { lookupProducts } from './cart-products.js';
import { linesOf } from './cart-store.js';
import { toCartJson } from './cart-view.js';

/** A cart with live prices and availability: its lines, then one catalog lookup for all of them. */
export async function cartView(deps: OrdersDeps, cart: CartRow, token: string | null): Promise<Cart> {
  const lines = await linesOf(deps.db, cart.id);
  const products = await lookupProducts(
    deps.catalog,
    lines.map((line) => line.productId),
  );
  return toCartJson(cart, lines, products, token);
}
