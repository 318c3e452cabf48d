import type { ProductSnapshot } from '@bodega/contracts';
import { Conflict } from '@bodega/errors';
import { Unprocessable, productUnavailable } from '../errors.js';

/** Lines a cart may hold. */
export const MAX_CART_LINES = 100;
/** Units of one product a line may hold (the contract's Quantity). */
export const MAX_LINE_QUANTITY = 999;

/** What the rules need of a stored line. */
export interface LineState {
  productId: string;
  quantity: number;
  currency: string;
}

function insufficientStock(product: ProductSnapshot) {
  return Conflict(`Only ${product.stock_qty} of this product can be bought right now`, {
    code: 'INSUFFICIENT_STOCK',
    details: { product_id: product.id, available: product.stock_qty },
  });
}

/**
 * The quantity a line may be set to: the product must be purchasable (422 `PRODUCT_UNAVAILABLE`),
 * in stock for that many (409 `INSUFFICIENT_STOCK` with what is available) and at most 999
 * (422 `QUANTITY_TOO_LARGE`).
 */
export function checkLineQuantity(product: ProductSnapshot, quantity: number): number {
  if (!product.purchasable) throw productUnavailable([product.id]);
  if (quantity > product.stock_qty) throw insufficientStock(product);
  if (quantity > MAX_LINE_QUANTITY) {
    throw Unprocessable(`A line holds at most ${MAX_LINE_QUANTITY} units`, {
      code: 'QUANTITY_TOO_LARGE',
      details: { product_id: product.id, max: MAX_LINE_QUANTITY },
    });
  }
  return quantity;
}

/**
 * Adding `quantity` of `product` to a cart of `lines`: the quantities add up, the cart keeps one
 * currency (422 `MIXED_CURRENCY`) and at most 100 lines (422 `CART_FULL`). Resolves to the line's new
 * quantity.
 */
export function quantityAfterAdding(
  lines: readonly LineState[],
  product: ProductSnapshot,
  quantity: number,
): number {
  const existing = lines.find((line) => line.productId === product.id);
  if (!existing && lines.length >= MAX_CART_LINES) {
    throw Unprocessable(`A cart holds at most ${MAX_CART_LINES} different products`, {
      code: 'CART_FULL',
      details: { max_lines: MAX_CART_LINES },
    });
  }
  const other = lines.find(
    (line) => line.productId !== product.id && line.currency !== product.price.currency,
  );
  if (other) {
    throw Unprocessable(
      `This cart is in ${other.currency}; the product is sold in ${product.price.currency}`,
      {
        code: 'MIXED_CURRENCY',
        details: { product_id: product.id, cart_currency: other.currency },
      },
    );
  }
  return checkLineQuantity(product, (existing?.quantity ?? 0) + quantity);
}

/** A guest line to merge, with the price it was added at. */
export interface GuestLine extends LineState {
  unitPrice: number;
}

/** The outcome of a merge for one product: its new quantity (a new line also takes the guest's price). */
export interface MergedLine {
  productId: string;
  quantity: number;
  unitPrice: number;
  currency: string;
  isNew: boolean;
}

/**
 * Merging a guest cart into a customer's at sign-in: quantities add, capped by what can be bought
 * now and by 999, never below what the customer already had. Products that cannot be bought or that
 * do not fit (another currency, over 100 lines) stay out.
 */
export function mergeGuestLines(
  customer: readonly LineState[],
  guest: readonly GuestLine[],
  products: ReadonlyMap<string, ProductSnapshot>,
): MergedLine[] {
  const merged: MergedLine[] = [];
  let lineCount = customer.length;
  const currency = customer[0]?.currency;
  for (const line of guest) {
    const product = products.get(line.productId);
    if (!product?.purchasable) continue;
    const existing = customer.find((own) => own.productId === line.productId);
    if (existing) {
      const cap = Math.min(product.stock_qty, MAX_LINE_QUANTITY);
      const quantity = Math.max(existing.quantity, Math.min(existing.quantity + line.quantity, cap));
      if (quantity !== existing.quantity) merged.push({ ...line, quantity, isNew: false });
      continue;
    }
    const quantity = Math.min(line.quantity, product.stock_qty, MAX_LINE_QUANTITY);
    if (quantity < 1 || lineCount >= MAX_CART_LINES || (currency !== undefined && line.currency !== currency))
      continue;
    merged.push({ ...line, quantity, isNew: true });
    lineCount += 1;
  }
  return merged;
}
