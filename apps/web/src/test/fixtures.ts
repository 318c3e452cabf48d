import type { Cart, Quote } from '../api/types';
import { user } from './render';

const usd = (amount: number) => ({ amount, currency: 'USD' });

export const tray = '0190a6f4-8b2d-7c4e-a1f0-000000000001';
export const mug = '0190a6f4-8b2d-7c4e-a1f0-000000000002';

export function cartWith(
  lines: { product_id: string; name: string; quantity: number; price: number; available?: number }[],
): Cart {
  return {
    id: '0190a6f4-8b2d-7c4e-a1f0-0000000000ca',
    customer_id: user.id,
    items: lines.map((line) => ({
      product_id: line.product_id,
      quantity: line.quantity,
      name: line.name,
      slug: line.name.toLowerCase().replaceAll(' ', '-'),
      image: null,
      unit_price: usd(line.price),
      line_total: usd(line.price * line.quantity),
      available: line.available ?? 50,
      purchasable: true,
      price_changed_from: null,
    })),
    subtotal: usd(lines.reduce((sum, line) => sum + line.price * line.quantity, 0)),
    item_count: lines.reduce((sum, line) => sum + line.quantity, 0),
    cart_token: null,
    updated_at: '2026-01-15T10:00:00Z',
  };
}

export function quoteOf(cart: Cart, discount = 0, promotion: Quote['promotion'] = null): Quote {
  const subtotal = cart.subtotal.amount;
  const tax = Math.round((subtotal - discount) * 0.0725);
  return {
    lines: cart.items.map((line) => ({
      product_id: line.product_id,
      quantity: line.quantity,
      unit_price: line.unit_price,
      line_total: line.line_total,
    })),
    totals: {
      subtotal: usd(subtotal),
      discount: usd(discount),
      tax: usd(tax),
      shipping: usd(0),
      total: usd(subtotal - discount + tax),
    },
    promotion,
    tax_rate_bps: 725,
  };
}
