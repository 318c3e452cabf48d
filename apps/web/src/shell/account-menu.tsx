import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../api/session';
import { Button } from '../ui/button';
import { Skeleton } from '../ui/skeleton';
import { AccountButton } from './account-button';

// Loaded once someone is signed in: a visitor's first page carries none of the menu's code (Radix's
// menu, its positioning and focus handling are a fifth of the storefront's entry script).
const CustomerMenu = lazy(() =>
  import('./customer-menu').then((module) => ({ default: module.CustomerMenu })),
);

/** Sign-in for visitors; for a customer, the account menu. */
export function AccountMenu() {
  const { status, user } = useSession();
  // A click on the stand-in before the menu's code is there opens the menu once it is: not lost.
  const [clicked, setClicked] = useState(false);
  if (status === 'restoring') return <Skeleton className="h-10 w-24" />;
  if (!user)
    return (
      <Button asChild variant="ghost" className="w-24">
        <Link to="/sign-in">Sign in</Link>
      </Button>
    );
  return (
    <Suspense
      fallback={
        <AccountButton
          user={user}
          aria-expanded={false}
          onClick={() => {
            setClicked(true);
          }}
        />
      }
    >
      <CustomerMenu user={user} defaultOpen={clicked} />
    </Suspense>
  );
}
