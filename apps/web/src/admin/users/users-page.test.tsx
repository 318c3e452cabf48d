// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorBody, type Call } from '../../test/render';
import { renderAsStaff, staff } from '../../test/staff';
import { AdminUsersPage } from './users-page';

const me = { ...staff('admin') };
const ada = {
  id: '0190a6f4-8b2d-7c4e-a1f0-00000000c001',
  email: 'ada@example.com',
  name: 'Ada',
  role: 'customer',
  active: true,
  created_at: '2026-01-15T10:00:00Z',
  updated_at: '2026-01-15T10:00:00Z',
};

function identity(
  patch: (call: Call) => { status: number; body?: unknown } = (call) => ({
    status: 200,
    body: { ...ada, ...(call.body as object) },
  }),
) {
  return (call: Call) => {
    const url = new URL(call.path, 'http://shop.test');
    if (url.pathname === '/api/v1/users') {
      const email = url.searchParams.get('email');
      const items = [me, ada].filter((user) => !email || user.email.includes(email));
      return { status: 200, body: { items, next_cursor: null } };
    }
    if (call.method === 'PATCH') return patch(call);
    return undefined;
  };
}

const row = async (email: string) =>
  (await screen.findAllByTestId('admin-user')).find((each) => within(each).queryByText(email)) as HTMLElement;

describe('users and roles', () => {
  it('is not for managers: they see "not allowed" and nothing is asked of identity', async () => {
    const page = renderAsStaff(<AdminUsersPage />, { role: 'manager', handler: identity() });
    expect(await screen.findByText('Not allowed')).toBeTruthy();
    expect(page.calls.filter((call) => call.path.startsWith('/api/v1/users'))).toEqual([]);
  });

  it('lists users, searches by email, and changes a role', async () => {
    const page = renderAsStaff(<AdminUsersPage />, { role: 'admin', handler: identity() });
    expect(await row('ada@example.com')).toBeTruthy();
    await page.user.type(screen.getByLabelText('Email contains'), 'ada@');
    await waitFor(() => expect(page.calls.some((call) => call.path.includes('email=ada%40'))).toBe(true));

    await page.user.selectOptions(
      within(await row('ada@example.com')).getByLabelText('Role of Ada'),
      'manager',
    );
    // Chosen is not saved: a role change ends the user's sessions, so it waits for the button.
    expect(page.calls.filter((call) => call.method === 'PATCH')).toEqual([]);
    await page.user.click(
      within(await row('ada@example.com')).getByRole('button', { name: 'Save the role of Ada' }),
    );
    await waitFor(() => expect(page.calls.filter((call) => call.method === 'PATCH')).toHaveLength(1));
    const patch = page.calls.find((call) => call.method === 'PATCH')!;
    expect(patch.path).toBe(`/api/v1/users/${ada.id}`);
    expect(patch.body).toEqual({ role: 'manager' });
  });

  it('will not let an admin demote or deactivate themself', async () => {
    renderAsStaff(<AdminUsersPage />, { role: 'admin', handler: identity() });
    const mine = await row(me.email);
    const role = within(mine).getByLabelText(`Role of ${me.name}`);
    expect((role as HTMLSelectElement).disabled).toBe(true);
    expect(
      within(mine).getByRole<HTMLButtonElement>('button', { name: `Deactivate ${me.name}` }).disabled,
    ).toBe(true);
    expect(within(mine).getByText(/You cannot demote or deactivate yourself/)).toBeTruthy();
  });

  it('deactivates after confirmation, and shows a refusal next to the control', async () => {
    let answer: { status: number; body?: unknown } = {
      status: 403,
      body: errorBody(
        'CANNOT_MODIFY_SELF',
        'Admins cannot demote or deactivate themselves; ask another admin',
      ),
    };
    const page = renderAsStaff(<AdminUsersPage />, { role: 'admin', handler: identity(() => answer) });
    await page.user.click(
      within(await row('ada@example.com')).getByRole('button', { name: 'Deactivate Ada' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Deactivate ada@example.com?' });
    await page.user.click(within(dialog).getByRole('button', { name: 'Deactivate' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/cannot demote or deactivate/);
    await page.user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    // Closed, the refusal stays beside the button it belongs to.
    expect(within(await row('ada@example.com')).getByRole('alert').textContent).toMatch(/cannot demote/);

    answer = { status: 200, body: { ...ada, active: false } };
    await page.user.click(
      within(await row('ada@example.com')).getByRole('button', { name: 'Deactivate Ada' }),
    );
    await page.user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Deactivate' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const patches = page.calls.filter((call) => call.method === 'PATCH');
    expect(patches.map((call) => call.body)).toEqual([{ active: false }, { active: false }]);
  });

  it('shows a role change the server refuses under the role control', async () => {
    const page = renderAsStaff(<AdminUsersPage />, {
      role: 'admin',
      handler: identity(() => ({ status: 404, body: errorBody('USER_NOT_FOUND', 'No user with this id') })),
    });
    await page.user.selectOptions(
      within(await row('ada@example.com')).getByLabelText('Role of Ada'),
      'admin',
    );
    await page.user.click(
      within(await row('ada@example.com')).getByRole('button', { name: 'Save the role of Ada' }),
    );
    const alert = await within(await row('ada@example.com')).findByRole('alert');
    expect(alert.textContent).toBe('No user with this id');
    expect(
      within(await row('ada@example.com'))
        .getByLabelText('Role of Ada')
        .getAttribute('aria-invalid'),
    ).toBe('true');
  });
});
