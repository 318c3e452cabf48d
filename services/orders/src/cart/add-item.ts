import { Type, type Static } from '@sinclair/typebox';
import { Quantity, Uuid, type Cart } from '@bodega/contracts';
import type { OrdersDeps } from '../deps.js';
import { productUnavailable } from '../errors.js';
import { lookupProducts } from './cart-products.js';
import { quantityAfterAdding } from './cart-rules.js';
import { createGuestCart, linesOf, lockCart, putLine, touchCart } from './cart-store.js';
import { newCartToken } from './cart-token.js';
import { toCartJson } from './cart-view.js';
import { openCart, type CartCaller } from './open-cart.js';

/** POST /cart/items. */
export const AddItemInput = Type.Object(
  { product_id: Uuid, quantity: Quantity },
  { additionalProperties: false },
);
export type AddItemInput = Static<typeof AddItemInput>;

/**
 * Adds units of a product to the caller's cart (to its line when there is one), checked against live
 * availability, at the live price. A guest without a cart gets a new one, and its token.
 */
export async function addItem(deps: OrdersDeps, caller: CartCaller, input: AddItemInput): Promise<Cart> {
  const productId = input.product_id.toLowerCase();
  const opened = await openCart(deps, caller);
  const before = opened.cart ? await linesOf(deps.db, opened.cart.id) : [];
  const products = await lookupProducts(deps.catalog, [productId, ...before.map((line) => line.productId)]);
  const product = products.get(productId);
  if (!product) throw productUnavailable([productId]);

  const now = deps.now();
  const existing = opened.cart;
  const { cart, lines, token } = await deps.db.transaction(async (tx) => {
    let cart;
    let token = opened.token;
    if (existing) {
      cart = await lockCart(tx, existing.id);
    } else {
      token = newCartToken();
      cart = await createGuestCart(tx, token, now);
    }
    const quantity = quantityAfterAdding(await linesOf(tx, cart.id), product, input.quantity);
    await putLine(
      tx,
      {
        cartId: cart.id,
        productId,
        quantity,
        unitPrice: product.price.amount,
        currency: product.price.currency,
      },
      now,
    );
    return { cart: await touchCart(tx, cart.id, now), lines: await linesOf(tx, cart.id), token };
  });
  return toCartJson(cart, lines, products, token);
}
