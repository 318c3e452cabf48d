// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorBody, type Call } from '../../test/render';
import { renderAsStaff } from '../../test/staff';
import { AdminReviewsPage } from './reviews-page';

const productId = '0190a6f4-8b2d-7c4e-a1f0-000000000001';
const product = {
  id: productId,
  slug: 'walnut-tray',
  name: 'Walnut tray',
  description: '',
  category: 'kitchen',
  sku: 'WT-1',
  price: { amount: 2500, currency: 'USD' },
  stock_qty: 5,
  images: [],
  attributes: {},
  active: true,
  rating: { average: 4, count: 1 },
  created_at: '2026-01-15T10:00:00Z',
  updated_at: '2026-01-15T10:00:00Z',
};
const review = (id: string, status: 'visible' | 'hidden', title: string, body = '') => ({
  id: `0190a6f4-8b2d-7c4e-a1f0-0000000000${id}`,
  product_id: productId,
  author: { id: '0190a6f4-8b2d-7c4e-a1f0-00000000c001', name: 'Ada' },
  rating: 4,
  title,
  body,
  status,
  created_at: '2026-01-15T10:00:00Z',
  updated_at: '2026-01-15T10:00:00Z',
});
const hostile = review('a1', 'visible', '<img src=x onerror=alert(1)>', '<script>alert("owned")</script>');
const hidden = review('a2', 'hidden', 'Withdrawn review');

/** The catalog: search, the product, its reviews (filtered by status), and the moderation answer. */
function catalog(
  moderate: (call: Call) => { status: number; body?: unknown } = () => ({ status: 200, body: {} }),
) {
  return (call: Call) => {
    const url = new URL(call.path, 'http://shop.test');
    if (url.pathname === '/api/v1/search')
      return {
        status: 200,
        body: {
          items: [{ ...product, in_stock: true, popularity: 1 }],
          next_cursor: null,
          total: 1,
          facets: {},
        },
      };
    if (url.pathname === `/api/v1/products/${productId}`) return { status: 200, body: product };
    if (url.pathname === `/api/v1/products/${productId}/reviews`) {
      const status = url.searchParams.get('status');
      const items = [hostile, hidden].filter((each) => status === 'all' || each.status === status);
      return { status: 200, body: { items, next_cursor: null } };
    }
    if (call.method === 'PATCH' && url.pathname.startsWith('/api/v1/reviews/')) return moderate(call);
    return undefined;
  };
}

describe('review moderation', () => {
  it('finds a product by name and lists all its reviews, hidden ones too, pasted HTML shown as text', async () => {
    const page = renderAsStaff(<AdminReviewsPage />, {
      role: 'manager',
      path: '/admin/reviews',
      handler: catalog(),
    });
    expect(screen.getByText('Pick a product')).toBeTruthy();
    await page.user.type(screen.getByLabelText('Find a product'), 'walnut');
    await page.user.click(await screen.findByRole('button', { name: /Walnut tray/ }));

    const list = await screen.findByRole('list', { name: 'Reviews' });
    expect(within(list).getAllByTestId('admin-review')).toHaveLength(2);
    expect(within(list).getByText('Withdrawn review')).toBeTruthy();
    expect(within(list).getByText('Hidden')).toBeTruthy();
    expect(within(list).getByText('<script>alert("owned")</script>')).toBeTruthy();
    expect(within(list).getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(list.querySelector('script, img')).toBeNull();
    expect(page.calls.some((call) => call.path.includes('/reviews?status=all'))).toBe(true);

    await page.user.selectOptions(screen.getByLabelText('Show'), 'hidden');
    await waitFor(() =>
      expect(
        within(screen.getByRole('list', { name: 'Reviews' })).getAllByTestId('admin-review'),
      ).toHaveLength(1),
    );
  });

  it('hides a review only once the moderator confirms', async () => {
    const page = renderAsStaff(<AdminReviewsPage />, {
      role: 'manager',
      path: `/admin/reviews?product=${productId}`,
      handler: catalog((call) => ({ status: 200, body: { ...hostile, ...(call.body as object) } })),
    });
    const patches = () => page.calls.filter((call) => call.method === 'PATCH');
    await page.user.click(await screen.findByRole('button', { name: /^Hide the review/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Hide this review?' });
    await page.user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(patches()).toEqual([]);

    await page.user.click(screen.getByRole('button', { name: /^Hide the review/ }));
    await page.user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Hide review' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(patches()).toHaveLength(1);
    expect(patches()[0]!.path).toBe(`/api/v1/reviews/${hostile.id}`);
    expect(patches()[0]!.body).toEqual({ status: 'hidden' });

    await page.user.click(screen.getByRole('button', { name: 'Restore the review “Withdrawn review”' }));
    await page.user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Restore review' }),
    );
    await waitFor(() => expect(patches()).toHaveLength(2));
    expect(patches()[1]!.body).toEqual({ status: 'visible' });
  });

  it("keeps the dialog open with the server's refusal in it", async () => {
    const page = renderAsStaff(<AdminReviewsPage />, {
      role: 'manager',
      path: `/admin/reviews?product=${productId}`,
      handler: catalog(() => ({
        status: 404,
        body: errorBody('REVIEW_NOT_FOUND', 'No review with this id'),
      })),
    });
    await page.user.click(await screen.findByRole('button', { name: /^Hide the review/ }));
    const dialog = await screen.findByRole('dialog');
    await page.user.click(within(dialog).getByRole('button', { name: 'Hide review' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('No review with this id');
  });

  it('opens a product by a pasted id, and says so when there is no such product', async () => {
    const missing = '0190a6f4-8b2d-7c4e-a1f0-0000000000ff';
    const page = renderAsStaff(<AdminReviewsPage />, {
      role: 'admin',
      path: '/admin/reviews',
      handler: (call) =>
        call.path.startsWith(`/api/v1/products/${missing}`)
          ? { status: 404, body: errorBody('PRODUCT_NOT_FOUND', 'No product with this id or slug') }
          : undefined,
    });
    await page.user.type(screen.getByLabelText('Find a product'), missing);
    await page.user.click(await screen.findByRole('button', { name: /Open the product with id/ }));
    expect(await screen.findByText('No product has this id.')).toBeTruthy();
    expect(page.calls.some((call) => call.path.startsWith('/api/v1/search'))).toBe(false);
  });
});
