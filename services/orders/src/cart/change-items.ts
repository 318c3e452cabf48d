import { Type, type Static } from '@sinclair/typebox';
import { Quantity, type Cart } from '@bodega/contracts';
import { NotFound } from '@bodega/errors';
import type { OrdersDeps } from '../deps.js';
import { productUnavailable } from '../errors.js';
import { lookupProducts } from './cart-products.js';
import { checkLineQuantity } from './cart-rules.js';
import { deleteLines, linesOf, lockCart, putLine, touchCart } from './cart-store.js';
import { cartView } from './cart-view-loader.js';
import { toCartJson } from './cart-view.js';
import { openExistingCart, type CartCaller } from './open-cart.js';

/** PATCH /cart/items/{product_id}. */
export const SetQuantityInput = Type.Object({ quantity: Quantity }, { additionalProperties: false });
export type SetQuantityInput = Static<typeof SetQuantityInput>;

function itemNotFound(productId: string) {
  return NotFound('This product is not in the cart', {
    code: 'CART_ITEM_NOT_FOUND',
    details: { product_id: productId },
  });
}

/** Sets a line's quantity, checked against live availability; the line takes the live price. */
export async function setQuantity(
  deps: OrdersDeps,
  caller: CartCaller,
  productId: string,
  input: SetQuantityInput,
): Promise<Cart> {
  const id = productId.toLowerCase();
  const { cart: found, token } = await openExistingCart(deps, caller);
  const before = await linesOf(deps.db, found.id);
  if (!before.some((line) => line.productId === id)) throw itemNotFound(id);
  const products = await lookupProducts(
    deps.catalog,
    before.map((line) => line.productId),
  );
  const product = products.get(id);
  if (!product) throw productUnavailable([id]);
  const quantity = checkLineQuantity(product, input.quantity);
  const now = deps.now();
  const { cart, lines } = await deps.db.transaction(async (tx) => {
    await lockCart(tx, found.id);
    const current = await linesOf(tx, found.id);
    if (!current.some((line) => line.productId === id)) throw itemNotFound(id);
    await putLine(
      tx,
      {
        cartId: found.id,
        productId: id,
        quantity,
        unitPrice: product.price.amount,
        currency: product.price.currency,
      },
      now,
    );
    return { cart: await touchCart(tx, found.id, now), lines: await linesOf(tx, found.id) };
  });
  return toCartJson(cart, lines, products, token);
}

/** Takes a product out of the cart; taking out one that is not there changes nothing. */
export async function removeItem(deps: OrdersDeps, caller: CartCaller, productId: string): Promise<Cart> {
  const { cart: found, token } = await openExistingCart(deps, caller);
  const now = deps.now();
  const cart = await deps.db.transaction(async (tx) => {
    await lockCart(tx, found.id);
    await deleteLines(tx, found.id, [productId.toLowerCase()]);
    return touchCart(tx, found.id, now);
  });
  return cartView(deps, cart, token);
}

/** Empties the cart (the cart and a guest's token stay). */
export async function clearCart(deps: OrdersDeps, caller: CartCaller): Promise<Cart> {
  const { cart: found, token } = await openExistingCart(deps, caller);
  const now = deps.now();
  const cart = await deps.db.transaction(async (tx) => {
    await lockCart(tx, found.id);
    await deleteLines(tx, found.id);
    return touchCart(tx, found.id, now);
  });
  return toCartJson(cart, [], new Map(), token);
}
