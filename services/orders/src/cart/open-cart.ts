import type { Cart } from '@bodega/contracts';
import type { OrdersDeps } from '../deps.js';
import type { CartRow } from '../db/schema.js';
import { cartNotFound, ensureCustomerCart, findGuestCart } from './cart-store.js';
import { cartView } from './cart-view-loader.js';
import { mergeGuestCart } from './merge-carts.js';

/** Who is asking for a cart: a signed-in customer, the holder of a guest cart token, or both. */
export interface CartCaller {
  customerId?: string | undefined;
  token?: string | undefined;
}

/** The caller's cart (none yet for a guest without a token) and the guest token to hand back. */
export interface OpenedCart {
  cart: CartRow | undefined;
  token: string | null;
}

/**
 * The caller's cart. A customer always has one (created on first use); one who also brings a guest
 * token has that guest cart merged into theirs first ("merged into their account at sign-in"), and
 * an unknown guest token is then ignored: it was merged already. A guest token that matches nothing
 * is a 404 `CART_NOT_FOUND`.
 */
export async function openCart(deps: OrdersDeps, caller: CartCaller): Promise<OpenedCart> {
  if (caller.customerId !== undefined) {
    const cart = await ensureCustomerCart(deps.db, caller.customerId, deps.now());
    const merged = caller.token === undefined ? undefined : await mergeGuestCart(deps, cart, caller.token);
    return { cart: merged ?? cart, token: null };
  }
  if (caller.token !== undefined) {
    const cart = await findGuestCart(deps.db, caller.token);
    if (!cart) throw cartNotFound();
    return { cart, token: caller.token };
  }
  return { cart: undefined, token: null };
}

/** The caller's existing cart, or 404 `CART_NOT_FOUND` (a guest who has not added anything yet). */
export async function openExistingCart(
  deps: OrdersDeps,
  caller: CartCaller,
): Promise<{ cart: CartRow; token: string | null }> {
  const opened = await openCart(deps, caller);
  if (!opened.cart) throw cartNotFound();
  return { cart: opened.cart, token: opened.token };
}

/** GET /cart: the cart with live prices and availability. */
export async function getCart(deps: OrdersDeps, caller: CartCaller): Promise<Cart> {
  const { cart, token } = await openExistingCart(deps, caller);
  return cartView(deps, cart, token);
}
