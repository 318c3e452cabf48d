import { eq } from 'drizzle-orm';
import type { Cart } from '@bodega/contracts';
import { carts, type CartRow } from '../db/schema.js';
import type { OrdersDeps } from '../deps.js';
import { lookupProducts } from './cart-products.js';
import { mergeGuestLines } from './cart-rules.js';
import {
  cartNotFound,
  ensureCustomerCart,
  findGuestCart,
  linesOf,
  lockCart,
  putLine,
  touchCart,
} from './cart-store.js';
import { cartView } from './cart-view-loader.js';

/**
 * Moves a guest cart into a customer's cart (quantities add, capped by availability and 999), then
 * deletes the guest cart, in one transaction. Resolves to the customer's cart as it is then, or
 * undefined when there is no such guest cart (merged by a concurrent request, or never existed).
 */
export async function mergeGuestCart(
  deps: OrdersDeps,
  customerCart: CartRow,
  token: string,
): Promise<CartRow | undefined> {
  const guest = await findGuestCart(deps.db, token);
  if (!guest) return undefined;
  const guestLines = await linesOf(deps.db, guest.id);
  const products = await lookupProducts(
    deps.catalog,
    guestLines.map((line) => line.productId),
  );
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    await lockCart(tx, customerCart.id);
    const [stillThere] = await tx.select().from(carts).where(eq(carts.id, guest.id)).for('update');
    if (!stillThere) return undefined;
    const own = await linesOf(tx, customerCart.id);
    const merged = mergeGuestLines(own, await linesOf(tx, guest.id), products);
    for (const line of merged) {
      const kept = own.find((existing) => existing.productId === line.productId);
      await putLine(
        tx,
        {
          cartId: customerCart.id,
          productId: line.productId,
          quantity: line.quantity,
          unitPrice: kept?.unitPrice ?? line.unitPrice,
          currency: kept?.currency ?? line.currency,
        },
        now,
      );
    }
    await tx.delete(carts).where(eq(carts.id, guest.id));
    return touchCart(tx, customerCart.id, now);
  });
}

/** POST /cart/merge: a signed-in customer takes in a guest cart by its token (404 when unknown). */
export async function mergeCartByToken(deps: OrdersDeps, customerId: string, token: string): Promise<Cart> {
  const cart = await ensureCustomerCart(deps.db, customerId, deps.now());
  const merged = await mergeGuestCart(deps, cart, token);
  if (!merged) throw cartNotFound();
  return cartView(deps, merged, null);
}
