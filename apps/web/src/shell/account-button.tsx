import type { User as Customer } from '@bodega/client';
import { ChevronDown, User } from 'lucide-react';
import type { ComponentProps } from 'react';
import { Button } from '../ui/button';

/**
 * The header's button naming the signed-in customer: the account menu's trigger, and what stands in
 * its place while the menu's code loads, so the header shows who is signed in from the first paint.
 */
export function AccountButton({ user, ...props }: { user: Customer } & ComponentProps<typeof Button>) {
  return (
    <Button
      variant="ghost"
      className="w-auto max-w-44"
      aria-label={`Account menu for ${user.name ?? user.email}`}
      aria-haspopup="menu"
      {...props}
    >
      <User className="h-4 w-4" aria-hidden="true" />
      <span className="hidden truncate sm:inline">{user.name ?? user.email}</span>
      <ChevronDown className="h-4 w-4" aria-hidden="true" />
    </Button>
  );
}
