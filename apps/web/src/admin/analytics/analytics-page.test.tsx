// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorBody, type Call } from '../../test/render';
import { renderAsStaff } from '../../test/staff';
import { AdminAnalyticsPage } from './analytics-page';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const tray = '0190a6f4-8b2d-7c4e-a1f0-000000000001';

function reports({ sold = true } = {}) {
  return (call: Call) => {
    const url = new URL(call.path, 'http://shop.test');
    const q = Object.fromEntries(url.searchParams);
    if (q.interval === 'hour' && Date.parse(q.to!) - Date.parse(q.from!) > 31 * 86_400_000)
      return {
        status: 422,
        body: errorBody('RANGE_TOO_LARGE', 'An hourly report covers at most 31 days', { max_days: 31 }),
      };
    const points = [
      {
        start: '2026-03-01T00:00:00Z',
        revenue: usd(sold ? 5000 : 0),
        refunds: usd(0),
        net: usd(sold ? 5000 : 0),
        orders: sold ? 2 : 0,
        average_order_value: usd(sold ? 2500 : 0),
      },
      {
        start: '2026-03-02T00:00:00Z',
        revenue: usd(0),
        refunds: usd(sold ? 1000 : 0),
        net: usd(sold ? -1000 : 0),
        orders: 0,
        average_order_value: usd(0),
      },
    ];
    switch (url.pathname) {
      case '/api/v1/analytics/sales':
        return {
          status: 200,
          body: {
            currency: 'USD',
            interval: q.interval,
            tz: q.tz,
            from: q.from,
            to: q.to,
            points,
            totals: {
              revenue: usd(sold ? 5000 : 0),
              refunds: usd(sold ? 1000 : 0),
              net: usd(sold ? 4000 : 0),
              orders: sold ? 2 : 0,
              average_order_value: usd(sold ? 2500 : 0),
            },
          },
        };
      case '/api/v1/analytics/customers':
        return {
          status: 200,
          body: {
            interval: q.interval,
            tz: q.tz,
            from: q.from,
            to: q.to,
            points: points.map((point) => ({
              start: point.start,
              new_customers: sold ? 1 : 0,
              returning_customers: 0,
            })),
            totals: { new_customers: sold ? 2 : 0, returning_customers: 0 },
          },
        };
      case '/api/v1/analytics/funnel':
        return {
          status: 200,
          body: {
            from: q.from,
            to: q.to,
            overall_conversion: sold ? 0.25 : null,
            steps: [
              { step: 'view', count: sold ? 8 : 0, conversion_from_previous: null },
              { step: 'add_to_cart', count: sold ? 4 : 0, conversion_from_previous: sold ? 0.5 : null },
              { step: 'begin_checkout', count: sold ? 2 : 0, conversion_from_previous: sold ? 0.5 : null },
              { step: 'paid', count: sold ? 2 : 0, conversion_from_previous: sold ? 1 : null },
            ],
          },
        };
      case '/api/v1/analytics/top-products':
        return {
          status: 200,
          body: {
            by: q.by,
            from: q.from,
            to: q.to,
            items: sold ? [{ product_id: tray, revenue: usd(5000), units: 2, views: 8 }] : [],
          },
        };
      case `/api/v1/products/${tray}`:
        return { status: 200, body: { id: tray, name: 'Walnut tray' } };
      default:
        return undefined;
    }
  };
}

const sales = (calls: Call[]) =>
  calls
    .filter((call) => call.path.startsWith('/api/v1/analytics/sales'))
    .map((call) => new URL(call.path, 'http://x').searchParams);

describe('the analytics dashboards', () => {
  it("shows the last 30 days by day in the browser's time zone: totals, charts and their tables", async () => {
    const page = renderAsStaff(<AdminAnalyticsPage />, { role: 'manager', handler: reports() });
    const totals = await screen.findByTestId('sales-totals');
    await waitFor(() => expect(within(totals).getByText('$50.00')).toBeTruthy());
    expect(within(totals).getByText('$10.00')).toBeTruthy();
    expect(within(totals).getByText('$40.00')).toBeTruthy();

    const [query] = sales(page.calls);
    expect(query!.get('interval')).toBe('day');
    expect(query!.get('tz')).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(Date.parse(query!.get('to')!) - Date.parse(query!.get('from')!)).toBe(30 * 86_400_000);

    const chart = screen.getByTestId('sales-chart');
    expect(within(chart).getByRole('img', { name: 'Sales over time' })).toBeTruthy();
    expect(
      within(chart).getByText(/\$50\.00 from 2 orders in 2 days; \$10\.00 refunded, \$40\.00 net\./),
    ).toBeTruthy();
    expect(
      within(within(chart).getByRole('table', { name: 'Sales by period' })).getAllByRole('row'),
    ).toHaveLength(3);

    const top = screen.getByTestId('top-products-chart');
    await waitFor(() => expect(within(within(top).getByRole('table')).getByText('Walnut tray')).toBeTruthy());
    const funnel = screen.getByTestId('funnel-chart');
    expect(within(funnel).getByText(/Overall conversion: 25%/)).toBeTruthy();
    expect(
      within(screen.getByTestId('customers-chart')).getByText('2 new and 0 returning customers.'),
    ).toBeTruthy();

    await page.user.selectOptions(within(top).getByLabelText('Rank by'), 'units');
    await waitFor(() => expect(page.calls.some((call) => call.path.includes('by=units'))).toBe(true));
  });

  it("shows the server's refusal of an hourly year where the chart would be", async () => {
    const page = renderAsStaff(<AdminAnalyticsPage />, { role: 'admin', handler: reports() });
    await screen.findByRole('img', { name: 'Sales over time' });
    await page.user.selectOptions(screen.getByLabelText('Range'), '365d');
    await waitFor(() => expect(sales(page.calls).at(-1)!.get('interval')).toBe('week'));
    await page.user.selectOptions(screen.getByLabelText('Interval'), 'hour');
    const chart = screen.getByTestId('sales-chart');
    expect(await within(chart).findByText('An hourly report covers at most 31 days')).toBeTruthy();
    expect(
      within(screen.getByTestId('customers-chart')).getByText('An hourly report covers at most 31 days'),
    ).toBeTruthy();
    // The funnel and top products take no interval: still there.
    expect(within(screen.getByTestId('funnel-chart')).getByRole('img')).toBeTruthy();
  });

  it('says when nothing sold, and asks for a custom range in whole days in the chosen zone', async () => {
    const page = renderAsStaff(<AdminAnalyticsPage />, {
      role: 'manager',
      handler: reports({ sold: false }),
    });
    expect(
      await within(screen.getByTestId('sales-chart')).findByText('No sales in this range yet.'),
    ).toBeTruthy();
    expect(
      within(screen.getByTestId('funnel-chart')).getByText('No shopping sessions in this range yet.'),
    ).toBeTruthy();
    expect(
      within(screen.getByTestId('top-products-chart')).getByText('No sales in this range yet.'),
    ).toBeTruthy();

    await page.user.selectOptions(screen.getByLabelText('Time zone'), 'Asia/Tokyo');
    await page.user.selectOptions(screen.getByLabelText('Range'), 'custom');
    const from = screen.getByLabelText('From');
    await page.user.clear(from);
    await page.user.type(from, '2026-03-01');
    const to = screen.getByLabelText('To');
    await page.user.clear(to);
    await page.user.type(to, '2026-03-07');
    await waitFor(() => {
      const last = sales(page.calls).at(-1)!;
      expect(last.get('tz')).toBe('Asia/Tokyo');
      expect(new Date(last.get('from')!).getTime()).toBe(new Date(2026, 2, 1).getTime());
      expect(new Date(last.get('to')!).getTime()).toBe(new Date(2026, 2, 8).getTime());
    });
  });

  it('opens the view a link names: range, interval and time zone from the URL', async () => {
    const page = renderAsStaff(<AdminAnalyticsPage />, {
      role: 'manager',
      path: '/admin/analytics?range=365d&interval=day&tz=Asia%2FTokyo',
      handler: reports(),
    });
    await screen.findByRole('img', { name: 'Sales over time' });
    const [query] = sales(page.calls);
    expect(query!.get('interval')).toBe('day');
    expect(query!.get('tz')).toBe('Asia/Tokyo');
    expect(Date.parse(query!.get('to')!) - Date.parse(query!.get('from')!)).toBe(365 * 86_400_000);
    expect(screen.getByLabelText<HTMLSelectElement>('Range').value).toBe('365d');
  });
});
