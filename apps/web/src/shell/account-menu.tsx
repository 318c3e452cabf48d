import * as Menu from '@radix-ui/react-dropdown-menu';
import { ChevronDown, LogOut, Package, Shield, User } from 'lucide-react';
import { Link, useNavigate } from 'react-router-dom';
import { isStaff, useSession } from '../api/session';
import { Button } from '../ui/button';
import { Skeleton } from '../ui/skeleton';

const item =
  'flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm outline-none data-[highlighted]:bg-slate-100';

/** Sign-in for visitors; for a customer, a keyboard-navigable menu (Radix) with account, orders, sign-out. */
export function AccountMenu() {
  const { status, user, signOut } = useSession();
  const navigate = useNavigate();
  if (status === 'restoring') return <Skeleton className="h-10 w-24" />;
  if (!user)
    return (
      <Button asChild variant="ghost" className="w-24">
        <Link to="/sign-in">Sign in</Link>
      </Button>
    );
  return (
    <Menu.Root>
      <Menu.Trigger asChild>
        <Button
          variant="ghost"
          className="w-auto max-w-44"
          aria-label={`Account menu for ${user.name ?? user.email}`}
        >
          <User className="h-4 w-4" aria-hidden="true" />
          <span className="hidden truncate sm:inline">{user.name ?? user.email}</span>
          <ChevronDown className="h-4 w-4" aria-hidden="true" />
        </Button>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={6}
          className="z-40 min-w-48 rounded-xl border border-slate-200 bg-white p-1 shadow-lg"
        >
          <Menu.Item className={item} onSelect={() => void navigate('/account')}>
            <User className="h-4 w-4" aria-hidden="true" /> Profile
          </Menu.Item>
          <Menu.Item className={item} onSelect={() => void navigate('/account/orders')}>
            <Package className="h-4 w-4" aria-hidden="true" /> Orders
          </Menu.Item>
          {isStaff(user) && (
            <Menu.Item className={item} onSelect={() => void navigate('/admin')}>
              <Shield className="h-4 w-4" aria-hidden="true" /> Admin
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
