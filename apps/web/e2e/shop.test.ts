/**
 * Browser journeys through the real shop: Debian's Chromium (playwright-core) against the whole
 * platform in embedded mode, the gateway serving the built app. Each journey is a fresh browser
 * profile; the data it needs beyond the demo catalog is made through the API first.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import {
  browserAvailable,
  customer,
  inStock,
  openShop,
  screenshot,
  signIn,
  visitor,
  password,
  type Shop,
} from './support.js';

const approve = '4242 4242 4242 4242';
const decline = '4000000000000002';

describe.runIf(browserAvailable())('the shop in a browser', { timeout: 60_000 }, () => {
  let shop: Shop;

  beforeAll(async () => {
    shop = await openShop();
  }, 120_000);
  afterAll(async () => {
    await shop.close();
  });

  async function fillAddress(page: Page) {
    await page.getByLabel('Full name').fill('Ada Lovelace');
    await page.getByLabel('Address', { exact: true }).fill('12 Analytical Row');
    await page.getByLabel('City').fill('London');
    await page.getByLabel('Postal code').fill('N1 9GU');
  }

  it('a shopper browses, searches, fills a cart, pays with 4242 and finds the order in their account', async () => {
    const [product] = await inStock(shop, 1);
    const { page, context, errors } = await visitor(shop);
    onTestFailed(() => screenshot(page, 'failure-shopper'));

    await page.goto('/');
    await page.getByRole('heading', { name: 'Shop by category' }).waitFor();
    await page.getByTestId('product-grid').locator('article').first().waitFor();
    await screenshot(page, 'home-1280');

    // Suggestions while typing, with a typo.
    const word = product!.name.split(' ').find((part) => part.length >= 5) ?? product!.name;
    const typo = `${word.slice(0, -2)}${word.slice(-1)}${word.slice(-2, -1)}`;
    const search = page.getByRole('combobox', { name: 'Search products' });
    await search.fill(typo.toLowerCase());
    await page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option').first().waitFor();
    await search.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await page.getByRole('list', { name: 'Search results' }).locator('article').first().waitFor();

    await page.goto(`/p/${product!.slug}`);
    await page.getByRole('heading', { name: product!.name, level: 1 }).waitFor();
    await screenshot(page, 'product-1280');
    await page.getByRole('button', { name: 'One more' }).click();
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => page.getByTestId('cart-count').textContent()).toBe('2');

    await page.getByRole('link', { name: /^Cart, 2 items/ }).click();
    await page.getByTestId('cart-line').first().waitFor();
    await page.getByLabel('Promo code').fill('welcome10');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Discount (WELCOME10)').waitFor();
    await screenshot(page, 'cart-1280');

    await page.getByRole('button', { name: 'Sign in to check out' }).click();
    await page.getByRole('link', { name: 'Create an account' }).click();
    const email = `journey-${Date.now()}@example.com`;
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/checkout/);

    await fillAddress(page);
    await page.getByLabel('Card number').fill(approve);
    await screenshot(page, 'checkout-1280');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor();
    await expect.poll(() => page.getByTestId('order-status').textContent()).toBe('paid');
    const orderUrl = page.url();

    await page.getByRole('link', { name: 'Orders', exact: true }).click();
    const orders = page.getByTestId('orders');
    await orders.waitFor();
    expect(await orders.locator('li').count()).toBe(1);
    expect(await orders.textContent()).toContain('paid');
    expect(orderUrl).toContain('/orders/');
    expect(await page.getByTestId('cart-count').textContent()).toBe('0');
    expect(errors).toEqual([]);
    await context.close();
  });

  /** A browser signed in as `email` through the sign-in page. */
  async function signedIn(email: string, width = 1280) {
    const visit = await visitor(shop, width);
    await visit.page.goto('/sign-in');
    await signIn(visit.page, email);
    await visit.page.waitForURL((url) => url.pathname === '/');
    return visit;
  }

  it('shows a declined card next to the card field and leaves no paid order', async () => {
    const [product] = await inStock(shop, 1);
    const { email, api } = await customer(shop);
    await api.post('/api/v1/cart/items', { body: { product_id: product!.id, quantity: 1 } });
    const { page, context, errors } = await signedIn(email);
    onTestFailed(() => screenshot(page, 'failure-declined'));

    await page.goto('/checkout');
    await fillAddress(page);
    await page.getByLabel('Card number').fill(decline);
    await page.getByRole('button', { name: 'Place order' }).click();
    const cardError = page.getByRole('alert').filter({ hasText: /declined/i });
    await cardError.waitFor();
    expect(await page.getByLabel('Card number').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Place order' }).isEnabled()).toBe(true);
    expect(page.url()).toContain('/checkout');

    const orders = await api.get('/api/v1/orders');
    expect(orders.items.map((order) => order.status)).toEqual(['cancelled']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("merges a guest's cart into the customer's at sign-in", async () => {
    const [mine, theirs] = await inStock(shop, 2);
    const { email, api } = await customer(shop);
    await api.post('/api/v1/cart/items', { body: { product_id: mine!.id, quantity: 1 } });

    const { page, context, errors } = await visitor(shop, 390);
    onTestFailed(() => screenshot(page, 'failure-merge'));
    await page.goto(`/p/${theirs!.slug}`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => page.getByTestId('cart-count').textContent()).toBe('1');
    expect(await page.evaluate(() => localStorage.getItem('bodega.cart_token'))).toBeTruthy();
    await screenshot(page, 'product-390');

    await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).click();
    await signIn(page, email);
    await page.waitForURL((url) => url.pathname === '/');
    await expect.poll(() => page.getByTestId('cart-count').textContent()).toBe('2');
    await page.goto('/cart');
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(2);
    expect(await page.evaluate(() => localStorage.getItem('bodega.cart_token'))).toBeNull();
    await screenshot(page, 'cart-390');
    const cart = await api.get('/api/v1/cart');
    expect(cart.items.map((line) => line.product_id).sort()).toEqual([mine!.id, theirs!.id].sort());
    expect(errors).toEqual([]);
    await context.close();
  });

  it('checks out with the keyboard alone, focus always visible', async () => {
    const [product] = await inStock(shop, 1);
    const { email, api } = await customer(shop);
    await api.post('/api/v1/cart/items', { body: { product_id: product!.id, quantity: 1 } });
    const { page, context, errors } = await signedIn(email, 390);
    onTestFailed(() => screenshot(page, 'failure-keyboard'));
    await page.goto('/');
    await page.getByTestId('product-grid').locator('article').first().waitFor();
    await screenshot(page, 'home-390');

    /** Presses Tab until the focused element is the one named, checking each stop shows its focus. */
    async function tabTo(name: string | RegExp) {
      for (let step = 0; step < 80; step += 1) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          if (!element || element === document.body) return undefined;
          const label = element.id
            ? document.querySelector(`label[for="${element.id}"]`)?.textContent
            : undefined;
          const style = getComputedStyle(element);
          return {
            name: (element.getAttribute('aria-label') ?? label ?? element.textContent).trim(),
            visible: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
          };
        });
        if (!focused) continue;
        expect(focused.visible, `focus ring on "${focused.name}"`).toBe(true);
        if (typeof name === 'string' ? focused.name === name : name.test(focused.name)) return;
      }
      throw new Error(`Tab never reached ${String(name)}`);
    }

    await tabTo(/^Cart, 1 item/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cart$/);
    await page.getByTestId('cart-line').waitFor();
    await tabTo('Checkout');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/checkout/);
    await page.getByLabel('Full name').waitFor();
    await screenshot(page, 'checkout-390');
    await tabTo('Full name');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Grace Hopper');
    await tabTo('Address');
    await page.keyboard.type('1 Compiler Way');
    await tabTo('City');
    await page.keyboard.type('Arlington');
    await tabTo('Postal code');
    await page.keyboard.type('22201');
    await tabTo('Card number');
    await page.keyboard.type(approve);
    await tabTo('Place order');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor();
    expect((await api.get('/api/v1/orders')).items.map((order) => order.status)).toEqual(['paid']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('renders HTML and script pasted into a review and a name as plain text', async () => {
    const [product] = await inStock(shop, 1);
    const { email } = await customer(shop, '<i>Eve</i><script>window.__pwned = 3</script>');
    const { page, context, errors } = await signedIn(email);
    onTestFailed(() => screenshot(page, 'failure-review'));
    await page.goto(`/p/${product!.slug}`);
    const title = '<script>window.__pwned = 1</script>';
    const body = '<img src=x onerror="window.__pwned = 2"> <b>bold?</b>';
    const form = page.getByRole('form', { name: 'Write a review' });
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Review').fill(body);
    await form.getByRole('button', { name: 'Post review' }).click();

    const reviews = page.getByTestId('reviews');
    await reviews.getByText(title).waitFor();
    expect(await reviews.textContent()).toContain(body);
    // The name, as the header shows it: text too.
    expect(await page.getByRole('banner').textContent()).toContain('<i>Eve</i><script>');
    expect(await reviews.locator('img, script, b, i').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.getByRole('button', { name: 'Edit your review' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows not-found for a deep link to another customer's order", async () => {
    const [product] = await inStock(shop, 1);
    const owner = await customer(shop);
    await owner.api.post('/api/v1/cart/items', { body: { product_id: product!.id, quantity: 1 } });
    const order = await owner.api.checkout({ payment: { card_number: approve } });
    const other = await customer(shop);
    const { page, context } = await signedIn(other.email);
    await page.goto(`/orders/${order.id}`);
    await page.getByRole('heading', { name: 'Order not found', level: 1 }).waitFor();
    await page.getByText('There is no order with this number in your account.').waitFor();
    expect(await page.textContent('main')).not.toContain(order.id.slice(-8).toUpperCase());
    await context.close();
  });

  it('sends a customer whose session was revoked back to sign in', async () => {
    const { email, api } = await customer(shop);
    const { page, context } = await signedIn(email);
    await page.getByRole('button', { name: /^Account menu/ }).waitFor();
    await shop.staff.patch('/api/v1/users/{id}', {
      params: { path: { id: api.session!.user.id } },
      body: { active: false },
    });
    await page.getByRole('link', { name: 'Orders', exact: true }).click();
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByText('Your session has ended').waitFor();
    expect(await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    await context.close();
  });
});
