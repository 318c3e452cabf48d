import type { Cart, CartLine, ProductSnapshot } from '@bodega/contracts';
import type { CartLineRow, CartRow } from '../db/schema.js';

/** The currency an empty cart shows its zero subtotal in. */
export const EMPTY_CART_CURRENCY = 'USD';

function lineView(line: CartLineRow, product: ProductSnapshot | undefined): CartLine {
  const stored = { amount: line.unitPrice, currency: line.currency };
  if (!product) {
    // The catalog never heard of it (it keeps deleted products, so this is a data problem): show
    // what the cart knows, unbuyable.
    return {
      product_id: line.productId,
      quantity: line.quantity,
      name: 'Unavailable product',
      slug: '',
      image: null,
      unit_price: stored,
      line_total: { amount: stored.amount * line.quantity, currency: stored.currency },
      available: 0,
      purchasable: false,
      price_changed_from: null,
    };
  }
  const live = product.price;
  const changed = live.amount !== stored.amount || live.currency !== stored.currency;
  return {
    product_id: line.productId,
    quantity: line.quantity,
    name: product.name,
    slug: product.slug,
    image: product.image,
    unit_price: live,
    line_total: { amount: live.amount * line.quantity, currency: live.currency },
    available: product.stock_qty,
    purchasable: product.purchasable,
    price_changed_from: changed ? stored : null,
  };
}

/**
 * The cart as the shopper sees it: live names, prices and availability, with the price each line
 * was added at when it changed since. `token` is the guest's cart token (null for a customer).
 */
export function toCartJson(
  cart: CartRow,
  lines: readonly CartLineRow[],
  products: ReadonlyMap<string, ProductSnapshot>,
  token: string | null,
): Cart {
  const items = lines.map((line) => lineView(line, products.get(line.productId)));
  const currency = items[0]?.unit_price.currency ?? EMPTY_CART_CURRENCY;
  return {
    id: cart.id,
    customer_id: cart.customerId,
    items,
    subtotal: {
      amount: items.reduce((sum, item) => sum + item.line_total.amount, 0),
      currency,
    },
    item_count: items.reduce((sum, item) => sum + item.quantity, 0),
    cart_token: token,
    updated_at: cart.updatedAt.toISOString(),
  };
}
