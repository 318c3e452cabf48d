import { describe, expect, it } from 'vitest';
import type { CartLineRow, CartRow } from '../db/schema.js';
import { toCartJson } from './cart-view.js';

const cart: CartRow = {
  id: '00000000-0000-4000-8000-000000000001',
  customerId: null,
  tokenHash: 'hash',
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-02T00:00:00Z'),
};

describe('the cart as shoppers see it', () => {
  it('is empty, in dollars, without lines', () => {
    expect(toCartJson(cart, [], new Map(), 'token')).toMatchObject({
      items: [],
      subtotal: { amount: 0, currency: 'USD' },
      item_count: 0,
      cart_token: 'token',
      updated_at: '2026-01-02T00:00:00.000Z',
    });
  });

  it('shows a line the catalog no longer knows as unbuyable, at the price it was added at', () => {
    const line: CartLineRow = {
      cartId: cart.id,
      productId: '00000000-0000-4000-8000-000000000009',
      quantity: 2,
      unitPrice: 450,
      currency: 'EUR',
      addedAt: new Date(),
    };
    expect(toCartJson(cart, [line], new Map(), null)).toMatchObject({
      items: [
        {
          product_id: line.productId,
          name: 'Unavailable product',
          unit_price: { amount: 450, currency: 'EUR' },
          line_total: { amount: 900, currency: 'EUR' },
          available: 0,
          purchasable: false,
          price_changed_from: null,
        },
      ],
      subtotal: { amount: 900, currency: 'EUR' },
      item_count: 2,
    });
  });
});
