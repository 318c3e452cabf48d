import * as Menu from '@radix-ui/react-dropdown-menu';
import { LogOut, Package, Shield, User } from 'lucide-react';
import { Link, useNavigate } from 'react-router-dom';
import type { User as Customer } from '@bodega/client';
import { isStaff, useSession } from '../api/session';
import { AccountButton } from './account-button';

const item =
  'flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm outline-none data-[highlighted]:bg-slate-100';

/**
 * A customer's keyboard-navigable menu (Radix) with account, orders, sign-out. Its places are links: a
 * link to the page one is on replaces the history entry, so Back still leaves it.
 */
export function CustomerMenu({ user, defaultOpen = false }: { user: Customer; defaultOpen?: boolean }) {
  const { signOut } = useSession();
  const navigate = useNavigate();
  // Not modal: a modal menu locks the page's scroll with an injected <style> element, which the
  // gateway's CSP (style-src 'self') refuses, and a menu needs no lock anyway.
  return (
    <Menu.Root modal={false} defaultOpen={defaultOpen}>
      <Menu.Trigger asChild>
        <AccountButton user={user} />
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={6}
          className="z-40 min-w-48 rounded-xl border border-slate-200 bg-white p-1 shadow-lg"
        >
          <Menu.Item className={item} asChild>
            <Link to="/account">
              <User className="h-4 w-4" aria-hidden="true" /> Profile
            </Link>
          </Menu.Item>
          <Menu.Item className={item} asChild>
            <Link to="/account/orders">
              <Package className="h-4 w-4" aria-hidden="true" /> Orders
            </Link>
          </Menu.Item>
          {isStaff(user) && (
            <Menu.Item className={item} asChild>
              <Link to="/admin">
                <Shield className="h-4 w-4" aria-hidden="true" /> Admin
              </Link>
            </Menu.Item>
          )}
          <Menu.Separator className="my-1 h-px bg-slate-200" />
          <Menu.Item
            className={item}
            onSelect={() => {
              void signOut().then(() => navigate('/'));
            }}
          >
            <LogOut className="h-4 w-4" aria-hidden="true" /> Sign out
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
