import { describe, expect, it } from 'vitest';
import type { ProductSnapshot } from '@bodega/contracts';
import { checkLineQuantity, mergeGuestLines, quantityAfterAdding, type LineState } from './cart-rules.js';

let next = 0;
function product(overrides: Partial<ProductSnapshot> = {}): ProductSnapshot {
  next += 1;
  return {
    id: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
    slug: `p-${next}`,
    name: `P ${next}`,
    sku: `SKU-${next}`,
    price: { amount: 1_000, currency: 'USD' },
    stock_qty: 10,
    image: null,
    purchasable: true,
    ...overrides,
  };
}
const line = (p: ProductSnapshot, quantity: number): LineState => ({
  productId: p.id,
  quantity,
  currency: p.price.currency,
});

describe('cart rules', () => {
  it('adds to a line, within stock and 999 units', () => {
    const mug = product({ stock_qty: 5 });
    expect(quantityAfterAdding([], mug, 2)).toBe(2);
    expect(quantityAfterAdding([line(mug, 2)], mug, 3)).toBe(5);
    expect(() => quantityAfterAdding([line(mug, 2)], mug, 4)).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_STOCK', details: { product_id: mug.id, available: 5 } }),
    );
    expect(() => checkLineQuantity(product({ stock_qty: 5_000 }), 1_000)).toThrow(
      expect.objectContaining({ code: 'QUANTITY_TOO_LARGE' }),
    );
    expect(() => checkLineQuantity(product({ purchasable: false }), 1)).toThrow(
      expect.objectContaining({ code: 'PRODUCT_UNAVAILABLE' }),
    );
  });

  it('keeps a cart to one currency and 100 lines, but lets a full cart grow an existing line', () => {
    const dollars = product();
    expect(() =>
      quantityAfterAdding([line(dollars, 1)], product({ price: { amount: 5, currency: 'EUR' } }), 1),
    ).toThrow(expect.objectContaining({ code: 'MIXED_CURRENCY' }));
    const full = Array.from({ length: 100 }, () => line(product(), 1));
    expect(() => quantityAfterAdding(full, product(), 1)).toThrow(
      expect.objectContaining({ code: 'CART_FULL' }),
    );
    const first = full[0];
    if (!first) throw new Error('no line');
    expect(quantityAfterAdding(full, { ...product(), id: first.productId }, 1)).toBe(2);
  });

  describe('merging a guest cart into a customer cart', () => {
    it('adds quantities, capped by availability and 999, never below what the customer had', () => {
      const mug = product({ stock_qty: 3 });
      const tea = product({ stock_qty: 2_000 });
      const lamp = product({ stock_qty: 1 });
      const products = new Map([mug, tea, lamp].map((p) => [p.id, p]));
      const merged = mergeGuestLines(
        [line(mug, 2), line(tea, 998), line(lamp, 3)],
        [
          { ...line(mug, 2), unitPrice: 900 },
          { ...line(tea, 5), unitPrice: 900 },
          { ...line(lamp, 1), unitPrice: 900 },
        ],
        products,
      );
      expect(merged).toEqual([
        { productId: mug.id, quantity: 3, unitPrice: 900, currency: 'USD', isNew: false },
        { productId: tea.id, quantity: 999, unitPrice: 900, currency: 'USD', isNew: false },
      ]);
    });

    it('brings new lines in at the guest’s price, leaving out what cannot be bought or does not fit', () => {
      const fresh = product({ stock_qty: 1 });
      const gone = product({ purchasable: false });
      const soldOut = product({ stock_qty: 0 });
      const euros = product({ price: { amount: 1, currency: 'EUR' } });
      const unknown = product();
      const products = new Map([fresh, gone, soldOut, euros].map((p) => [p.id, p]));
      const own = [line(product(), 1)];
      const guest = [fresh, gone, soldOut, euros, unknown].map((p) => ({ ...line(p, 2), unitPrice: 700 }));
      expect(mergeGuestLines(own, guest, products)).toEqual([
        { productId: fresh.id, quantity: 1, unitPrice: 700, currency: 'USD', isNew: true },
      ]);
      const full = Array.from({ length: 100 }, () => line(product(), 1));
      expect(mergeGuestLines(full, [{ ...line(fresh, 1), unitPrice: 700 }], products)).toEqual([]);
      // An empty customer cart takes the guest's currency, whatever it is.
      expect(mergeGuestLines([], [{ ...line(euros, 1), unitPrice: 1 }], products)).toHaveLength(1);
    });
  });
});
