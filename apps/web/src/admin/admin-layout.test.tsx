// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { renderAsStaff } from '../test/staff';
import { AdminRoutes } from './admin-routes';

function Where() {
  return <output data-testid="where">{useLocation().pathname}</output>;
}

/** The admin area mounted as the app mounts it: under the `admin/*` splat route of the storefront's routes. */
const area = (
  <>
    <Routes>
      <Route path="admin/*" element={<AdminRoutes />} />
    </Routes>
    <Where />
  </>
);
// Every read answers 404: each page shows its error state, which is enough to see where the links lead.
const empty = () => undefined;
const where = () => screen.getByTestId('where').textContent;

describe('the admin navigation', () => {
  it('takes each section to its own page, whichever section it is clicked from', async () => {
    const page = renderAsStaff(area, { role: 'admin', path: '/admin/products', handler: empty });
    const nav = await screen.findByRole('navigation', { name: 'Admin' });
    for (const [label, path] of [
      ['Orders', '/admin/orders'],
      ['Reviews', '/admin/reviews'],
      ['Users', '/admin/users'],
      ['Operations', '/admin/operations'],
      ['Products', '/admin/products'],
      ['Orders', '/admin/orders'],
    ] as const) {
      await page.user.click(within(nav).getByRole('link', { name: label }));
      await waitFor(() => expect(where()).toBe(path));
    }
  });

  it('sends an unknown admin address to the products page, once', async () => {
    renderAsStaff(area, { role: 'manager', path: '/admin/no-such-section', handler: empty });
    await waitFor(() => expect(where()).toBe('/admin/products'));
    expect(await screen.findByRole('navigation', { name: 'Admin' })).toBeTruthy();
  });
});
