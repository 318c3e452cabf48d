/**
 * Browser journeys through the admin pages of W2 (analytics, operations) against the whole platform
 * in embedded mode: a manager sees a sale in the charts once analytics has consumed the order, and an
 * admin inspects and replays a dead letter from the operations page.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { DeadLetterList } from '@bodega/contracts';
import type { Page } from 'playwright-core';
import { admin } from '../../../tests/support/platform.js';
import {
  browserAvailable,
  customer,
  inStock,
  openShop,
  password,
  screenshot,
  visitor,
  type Shop,
} from './support.js';

const approve = '4242 4242 4242 4242';
const money = (amount: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(amount / 100);

describe.runIf(browserAvailable())('the admin pages in a browser', { timeout: 60_000 }, () => {
  let shop: Shop;

  beforeAll(async () => {
    shop = await openShop();
  }, 120_000);
  afterAll(async () => {
    await shop.close();
  });

  /** When search's queue last dead-lettered `id`, as the operations API says. */
  async function failedAt(id: string): Promise<string | undefined> {
    const answer = await fetch(`${shop.url}/api/v1/ops/dead-letters?service=search&limit=1000`, {
      headers: { authorization: `Bearer ${shop.staff.session!.access_token}` },
    });
    const { items } = (await answer.json()) as DeadLetterList;
    return items.find((letter) => letter.id === id)?.failed_at;
  }

  async function signInAs(page: Page, email: string, secret: string, next: string) {
    await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === next);
  }

  it('shows a manager the sale of a new order in the analytics charts', async () => {
    const [product] = await inStock(shop, 1);
    const buyer = await customer(shop);
    await buyer.api.post('/api/v1/cart/items', { body: { product_id: product!.id, quantity: 2 } });
    const order = await buyer.api.checkout({ payment: { card_number: approve } });
    const manager = await customer(shop, 'Margaret Manager');
    await shop.staff.patch('/api/v1/users/{id}', {
      params: { path: { id: manager.api.session!.user.id } },
      body: { role: 'manager' },
    });
    // Analytics learns of the order from its event: wait for it there, then look at the page.
    const range = {
      from: new Date(Date.now() - 86_400_000).toISOString(),
      to: new Date(Date.now() + 3_600_000).toISOString(),
    };
    await expect
      .poll(
        async () =>
          (await shop.staff.get('/api/v1/analytics/sales', { params: { query: range } })).totals.orders,
        { timeout: 15_000 },
      )
      .toBe(1);

    const { page, context, errors } = await visitor(shop);
    onTestFailed(() => screenshot(page, 'failure-admin-analytics'));
    await signInAs(page, manager.email, password, '/admin/analytics');
    const totals = page.getByTestId('sales-totals');
    await totals.getByText(money(order.totals.total.amount), { exact: true }).first().waitFor();
    expect(await totals.locator('dd').nth(3).textContent()).toBe('1');

    const sales = page.getByTestId('sales-chart');
    await sales.locator('[data-chart-ready] .recharts-wrapper > svg.recharts-surface').waitFor();
    expect(await sales.locator('.recharts-area-area').count()).toBe(1);
    await sales.getByText('Show the data as a table').click();
    await sales
      .getByRole('table', { name: 'Sales by period' })
      .getByText(money(order.totals.total.amount))
      .first()
      .waitFor();

    const top = page.getByTestId('top-products-chart');
    await top.locator('[data-chart-ready] .recharts-wrapper > svg.recharts-surface').waitFor();
    await top.getByText('Show the data as a table').click();
    await top.getByRole('table', { name: 'Top products' }).getByText(product!.name).waitFor();
    // The order came through the API, not a browsing session: the funnel may have no sessions.
    await page
      .getByTestId('funnel-chart')
      .getByText(/Overall conversion|No shopping sessions in this range yet/)
      .waitFor();
    // New customers are the accounts registered in the range: the buyer and the manager.
    await page.getByTestId('customers-chart').getByText('2 new and 0 returning customers.').waitFor();
    await screenshot(page, 'admin-analytics-1280');

    // A year by the hour is more than the server allows: its message, in place of the chart.
    await page.getByLabel('Range', { exact: true }).selectOption('365d');
    await page.getByLabel('Interval', { exact: true }).selectOption('hour');
    await sales.getByText('An hourly report covers at most 31 days').waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByLabel('Interval', { exact: true }).selectOption('week');
    await sales.locator('[data-chart-ready]').waitFor();
    await screenshot(page, 'admin-analytics-390');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an admin inspect a dead letter and replay it from the operations page', async () => {
    const id = crypto.randomUUID();
    // A placed order without its data breaks its contract: search dead-letters it at once.
    await shop.platform.publish({
      id,
      type: 'orders.order.placed',
      version: 1,
      occurred_at: new Date().toISOString(),
      source: 'orders',
      data: { broken: '<script>window.__pwned = 1</script>' },
    });

    const { page, context, errors } = await visitor(shop);
    onTestFailed(() => screenshot(page, 'failure-admin-operations'));
    await signInAs(page, admin.email, admin.password, '/admin/operations');
    await page
      .getByRole('table', { name: 'Services' })
      .getByRole('rowheader', { name: 'analytics' })
      .waitFor();

    const letter = page.getByTestId('dead-letter').filter({ hasText: id });
    await letter.waitFor({ timeout: 15_000 });
    await letter.getByText(/^contract:/).waitFor();
    const firstFailure = await failedAt(id);
    expect(firstFailure).toBeDefined();
    await letter.getByText('Inspect the envelope').click();
    expect(await letter.getByTestId('envelope').textContent()).toContain(
      '"broken": "<script>window.__pwned = 1</script>"',
    );
    await screenshot(page, 'admin-operations-1280');

    await letter.getByRole('button', { name: `Replay orders.order.placed ${id}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay this message?' });
    const replayed = page.waitForResponse((response) =>
      response.url().endsWith('/api/v1/ops/dead-letters/replay'),
    );
    await dialog.getByRole('button', { name: 'Replay' }).click();
    const answer = await replayed;
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toEqual({ replayed: 1 });
    // Radix announces a toast through a copy for screen readers too: either will do.
    await page.getByText('1 message sent back to search').first().waitFor();
    await dialog.waitFor({ state: 'detached' });

    // Still broken, it went through the consumer again and is back in the queue, failed later.
    await expect
      .poll(async () => (await failedAt(id)) ?? firstFailure, { timeout: 15_000 })
      .not.toBe(firstFailure);
    await letter.waitFor();
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    await page
      .getByRole('button', { name: /^Open trace / })
      .first()
      .click();
    await page
      .getByTestId('waterfall')
      .getByRole('list', { name: 'Spans' })
      .getByRole('listitem')
      .first()
      .waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
