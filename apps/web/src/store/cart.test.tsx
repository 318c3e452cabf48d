// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Cart } from '../api/types';
import { cartWith, mug, quoteOf, tray } from '../test/fixtures';
import { errorBody, renderPage, type Call } from '../test/render';
import { CartPage } from './cart';

/** A cart service in miniature: the cart's lines, quotes with one promo code, line removal. */
function shop(start: Cart) {
  let cart = start;
  return (call: Call) => {
    if (call.path === '/api/v1/cart' && call.method === 'GET') return { status: 200, body: cart };
    if (call.method === 'DELETE' && call.path.startsWith('/api/v1/cart/items/')) {
      const id = call.path.split('/').at(-1);
      cart = cartWith(
        cart.items
          .filter((line) => line.product_id !== id)
          .map((line) => ({
            product_id: line.product_id,
            name: line.name,
            quantity: line.quantity,
            price: line.unit_price.amount,
          })),
      );
      return { status: 200, body: cart };
    }
    if (call.path === '/api/v1/pricing/quote') {
      const { promo_code } = call.body as { promo_code?: string };
      if (promo_code === undefined) return { status: 200, body: quoteOf(cart) };
      if (promo_code === 'WELCOME10')
        return {
          status: 200,
          body: quoteOf(cart, Math.round(cart.subtotal.amount / 10), {
            code: 'WELCOME10',
            description: '10% off your order',
          }),
        };
      return {
        status: 404,
        body: errorBody('PROMO_NOT_FOUND', 'No promotion with this code', { promo_code }),
      };
    }
    return undefined;
  };
}

const twoLines = () =>
  cartWith([
    { product_id: tray, name: 'Walnut tray', quantity: 2, price: 2_500 },
    { product_id: mug, name: 'Stoneware mug', quantity: 1, price: 1_200 },
  ]);

describe('the cart', () => {
  it('lists the lines and prices them live', async () => {
    renderPage(<CartPage />, { path: '/cart', handler: shop(twoLines()), signedIn: true });
    const lines = await screen.findAllByTestId('cart-line');
    expect(lines.map((line) => within(line).getByTestId('line-quantity').textContent)).toEqual(['2', '1']);
    expect(await screen.findByText('$62.00')).toBeTruthy(); // subtotal
    await waitFor(() => expect(screen.getByTestId('total').textContent).toBe('$66.49'));
  });

  it('applies a promo code to the quote, and says so next to the field when it is unknown', async () => {
    const page = renderPage(<CartPage />, { path: '/cart', handler: shop(twoLines()), signedIn: true });
    const field = await screen.findByLabelText('Promo code');
    await page.user.type(field, 'nope');
    await page.user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('No promotion with this code')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');

    await page.user.clear(field);
    await page.user.type(field, 'welcome10');
    await page.user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('Discount (WELCOME10)')).toBeTruthy();
    expect(screen.getByText('−$6.20')).toBeTruthy();
    expect(screen.getByText('10% off your order')).toBeTruthy();
    const quotes = page.calls.filter((call) => call.path === '/api/v1/pricing/quote');
    expect(quotes.at(-1)!.body).toEqual({
      items: [
        { product_id: tray, quantity: 2 },
        { product_id: mug, quantity: 1 },
      ],
      promo_code: 'WELCOME10',
      country: 'US',
    });
  });

  it('removes a line', async () => {
    const page = renderPage(<CartPage />, { path: '/cart', handler: shop(twoLines()), signedIn: true });
    await page.user.click(await screen.findByRole('button', { name: 'Remove Stoneware mug' }));
    await waitFor(() => expect(screen.getAllByTestId('cart-line')).toHaveLength(1));
    expect(screen.queryByText('Stoneware mug')).toBeNull();
  });

  it('blocks checkout while a line asks for more than is in stock', async () => {
    const cart = cartWith([
      { product_id: tray, name: 'Walnut tray', quantity: 3, price: 2_500, available: 1 },
    ]);
    renderPage(<CartPage />, { path: '/cart', handler: shop(cart), signedIn: true });
    expect(await screen.findByText('Only 1 in stock')).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Checkout' }).disabled).toBe(true);
  });

  it('is empty for a new visitor, without asking the API for a cart', async () => {
    const page = renderPage(<CartPage />, { path: '/cart', handler: () => undefined });
    expect(await screen.findByText('Your cart is empty')).toBeTruthy();
    expect(page.calls.some((call) => call.path === '/api/v1/cart')).toBe(false);
  });

  it("sends a guest's stored cart token and forgets one the platform no longer knows", async () => {
    const page = renderPage(<CartPage />, {
      path: '/cart',
      stored: { 'bodega.cart_token': 'guest-token' },
      handler: (call) =>
        call.path === '/api/v1/cart'
          ? { status: 404, body: errorBody('CART_NOT_FOUND', 'No cart with this token') }
          : undefined,
    });
    expect(await screen.findByText('Your cart is empty')).toBeTruthy();
    const read = page.calls.find((call) => call.path === '/api/v1/cart')!;
    expect(read.headers.get('x-cart-token')).toBe('guest-token');
    expect(page.storage.has('bodega.cart_token')).toBe(false);
  });
});
