// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { cartWith, quoteOf, tray } from '../test/fixtures';
import { errorBody, renderPage, type Answer, type Call, type Handler } from '../test/render';
import { CheckoutPage } from './checkout';

const cart = cartWith([{ product_id: tray, name: 'Walnut tray', quantity: 1, price: 2_500 }]);

/** The cart and quote answered; checkout answered by `checkout`, which sees every attempt. */
function shop(checkout: Handler) {
  return (call: Call) => {
    if (call.path === '/api/v1/cart') return { status: 200, body: cart };
    if (call.path === '/api/v1/pricing/quote') return { status: 200, body: quoteOf(cart) };
    if (call.path === '/api/v1/checkout') return checkout(call);
    return undefined;
  };
}

async function fillIn(page: ReturnType<typeof renderPage>, card: string) {
  await page.user.type(await screen.findByLabelText('Full name'), 'Ada');
  await page.user.type(screen.getByLabelText('Address'), '12 Analytical Row');
  await page.user.type(screen.getByLabelText('City'), 'London');
  await page.user.type(screen.getByLabelText('Postal code'), 'N1 9GU');
  await page.user.type(screen.getByLabelText('Card number'), card);
}

const checkouts = (page: ReturnType<typeof renderPage>) =>
  page.calls.filter((call) => call.path === '/api/v1/checkout');

describe('checkout', () => {
  it('checks the address and card on the client first', async () => {
    const page = renderPage(<CheckoutPage />, {
      path: '/checkout',
      handler: shop(() => undefined),
      signedIn: true,
    });
    await page.user.clear(await screen.findByLabelText('Full name'));
    await page.user.type(screen.getByLabelText('Card number'), '4242');
    await page.user.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByText('Enter the name on the parcel')).toBeTruthy();
    expect(screen.getByText('Enter the street address')).toBeTruthy();
    expect(screen.getByText('Enter the card number: 12 to 19 digits')).toBeTruthy();
    expect(checkouts(page)).toEqual([]);
  });

  it('shows a declined card on the card field, and the next try is a new attempt', async () => {
    const page = renderPage(<CheckoutPage />, {
      path: '/checkout',
      signedIn: true,
      handler: shop(() => ({
        status: 402,
        body: errorBody(
          'PAYMENT_DECLINED',
          'The card was declined; the order was cancelled and nothing was charged',
        ),
      })),
    });
    await fillIn(page, '4000000000000002');
    await page.user.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByText(/The card was declined.*Try another card\./)).toBeTruthy();
    expect(screen.getByLabelText('Card number').getAttribute('aria-invalid')).toBe('true');
    await page.user.click(screen.getByRole('button', { name: 'Place order' }));
    await waitFor(() => expect(checkouts(page)).toHaveLength(2));
    const [first, second] = checkouts(page).map((call) => call.headers.get('idempotency-key'));
    expect(first).toBeTruthy();
    expect(second).not.toBe(first);
    expect(checkouts(page)[0]!.body).toMatchObject({
      payment: { card_number: '4000000000000002' },
      shipping_address: {
        name: 'Ada',
        line1: '12 Analytical Row',
        city: 'London',
        postal_code: 'N1 9GU',
        country: 'US',
      },
    });
  });

  it('places one order however often the button is pressed while it is pending', async () => {
    let finish: (answer: Answer) => void = () => undefined;
    const page = renderPage(<CheckoutPage />, {
      path: '/checkout',
      signedIn: true,
      handler: shop(
        () =>
          new Promise<Answer>((resolve) => {
            finish = resolve;
          }),
      ),
    });
    await fillIn(page, '4242 4242 4242 4242');
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'Place order' });
    await page.user.click(button);
    await waitFor(() => expect(button.disabled).toBe(true));
    await page.user.click(button);
    await page.user.keyboard('{Enter}');
    expect(checkouts(page)).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Placing order…' })).toBeTruthy();
    finish({
      status: 409,
      body: errorBody(
        'OUT_OF_STOCK',
        'Not enough stock for this order; it was cancelled and nothing was charged',
      ),
    });
    expect(await screen.findByText('Something in your cart just sold out')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Review your cart' })).toBeTruthy();
  });

  it('retries an attempt that got no answer under the same key, so it cannot pay twice', async () => {
    let first = true;
    const page = renderPage(<CheckoutPage />, {
      path: '/checkout',
      signedIn: true,
      handler: shop(() => {
        if (first) {
          first = false;
          return { status: 503, body: errorBody('PAYMENTS_UNAVAILABLE', 'Payments did not answer in time') };
        }
        return { status: 409, body: errorBody('PRICE_CHANGED', 'Some prices changed', { lines: [] }) };
      }),
    });
    await fillIn(page, '4242 4242 4242 4242');
    await page.user.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByText('Your order was not placed')).toBeTruthy();
    await page.user.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByText('Prices changed')).toBeTruthy();
    const [a, b] = checkouts(page).map((call) => call.headers.get('idempotency-key'));
    expect(a).toBe(b);
  });

  it("puts the server's field issues on the address fields", async () => {
    const page = renderPage(<CheckoutPage />, {
      path: '/checkout',
      signedIn: true,
      handler: shop(() => ({
        status: 400,
        body: errorBody('VALIDATION_ERROR', 'Invalid request body', {
          location: 'body',
          issues: [
            { field: 'shipping_address.postal_code', message: 'must NOT have more than 12 characters' },
          ],
        }),
      })),
    });
    await fillIn(page, '4242 4242 4242 4242');
    await page.user.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByText('Postal code must NOT have more than 12 characters')).toBeTruthy();
    expect(screen.getByLabelText('Postal code').getAttribute('aria-invalid')).toBe('true');
  });
});
