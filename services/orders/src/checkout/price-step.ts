import { and, eq } from 'drizzle-orm';
import type { Money, ProductSnapshot, Quote } from '@bodega/contracts';
import { Conflict } from '@bodega/errors';
import { linesOf } from '../cart/cart-store.js';
import { cartLines, carts } from '../db/schema.js';
import type { OrdersDeps } from '../deps.js';
import { Unprocessable } from '../errors.js';
import { priceItems } from '../quotes/quote.js';
import type { ItemRequest } from '../quotes/live-products.js';

/** Step a's result: the quote at live prices, and what the order lines need of each product. */
export interface PricedCheckout {
  quote: Quote;
  products: ReadonlyMap<string, ProductSnapshot>;
  /** The cart checked out, when it is a cart checkout. */
  cartId: string | null;
}

export interface PriceRequest {
  customerId: string;
  /** The items of POST /orders; absent for a cart checkout. */
  items?: readonly ItemRequest[] | undefined;
  promoCode?: string | undefined;
  country?: string | undefined;
}

/** 409 `OUT_OF_STOCK` before anything is written, when the catalog already says so (a race still ends in step c). */
function assertInStock(quote: Quote, products: ReadonlyMap<string, ProductSnapshot>): void {
  for (const line of quote.lines) {
    const available = products.get(line.product_id)?.stock_qty ?? 0;
    if (line.quantity > available) {
      throw Conflict('Not enough of this product is in stock', {
        code: 'OUT_OF_STOCK',
        details: { product_id: line.product_id, requested: line.quantity, available },
      });
    }
  }
}

interface PriceChange {
  product_id: string;
  old_price: Money;
  new_price: Money;
}

/**
 * A cart checkout charges what the shopper saw: a line whose live price differs from the price it
 * was added at is updated to the live price and the checkout stops with 409 `PRICE_CHANGED`, so the
 * shopper confirms the new total (never charged silently).
 */
async function assertCartPricesHold(
  deps: OrdersDeps,
  cartId: string,
  lines: Awaited<ReturnType<typeof linesOf>>,
  products: ReadonlyMap<string, ProductSnapshot>,
): Promise<void> {
  const changes: PriceChange[] = [];
  for (const line of lines) {
    const live = products.get(line.productId)?.price;
    if (live && (live.amount !== line.unitPrice || live.currency !== line.currency)) {
      changes.push({
        product_id: line.productId,
        old_price: { amount: line.unitPrice, currency: line.currency },
        new_price: live,
      });
    }
  }
  if (changes.length === 0) return;
  await deps.db.transaction(async (tx) => {
    for (const change of changes) {
      await tx
        .update(cartLines)
        .set({ unitPrice: change.new_price.amount, currency: change.new_price.currency })
        .where(and(eq(cartLines.cartId, cartId), eq(cartLines.productId, change.product_id)));
    }
    await tx.update(carts).set({ updatedAt: deps.now() }).where(eq(carts.id, cartId));
  });
  throw Conflict('Some prices changed since these products were added to the cart; please review the cart', {
    code: 'PRICE_CHANGED',
    details: { lines: changes },
  });
}

/**
 * a. Price the order at live catalog prices, with the promotion and the destination's tax. A cart
 * checkout reads the customer's cart (422 `CART_EMPTY` without lines) and stops at any price change.
 * Unbuyable products: 422 `PRODUCT_UNAVAILABLE`. Nothing to undo: nothing was written but prices.
 */
export async function priceCheckout(deps: OrdersDeps, request: PriceRequest): Promise<PricedCheckout> {
  let items = request.items;
  let cartId: string | null = null;
  let cartLinesNow: Awaited<ReturnType<typeof linesOf>> = [];
  if (items === undefined) {
    const [cart] = await deps.db.select().from(carts).where(eq(carts.customerId, request.customerId));
    cartLinesNow = cart ? await linesOf(deps.db, cart.id) : [];
    if (!cart || cartLinesNow.length === 0) {
      throw Unprocessable('The cart is empty', { code: 'CART_EMPTY' });
    }
    cartId = cart.id;
    items = cartLinesNow.map((line) => ({ product_id: line.productId, quantity: line.quantity }));
  }
  const { quote, products } = await priceItems(
    deps,
    { items, promoCode: request.promoCode, country: request.country },
    request.customerId,
  );
  if (cartId !== null) await assertCartPricesHold(deps, cartId, cartLinesNow, products);
  assertInStock(quote, products);
  return { quote, products, cartId };
}
