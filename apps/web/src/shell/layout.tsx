import { ShoppingBag } from 'lucide-react';
import { Suspense } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { useReportOnce } from '../analytics/use-report';
import { useCart } from '../api/queries';
import { cn } from '../ui/cn';
import { Skeleton } from '../ui/skeleton';
import { AccountMenu } from './account-menu';
import { SearchBox } from './search-box';

function CartLink() {
  const cart = useCart();
  const count = cart.data?.item_count ?? 0;
  return (
    <Link
      to="/cart"
      className="relative inline-flex h-10 w-10 items-center justify-center rounded-lg text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
      aria-label={`Cart, ${count} item${count === 1 ? '' : 's'}`}
    >
      <ShoppingBag className="h-5 w-5" aria-hidden="true" />
      <span
        data-testid="cart-count"
        className={cn(
          'absolute -top-0.5 -right-0.5 flex h-5 min-w-5 items-center justify-center rounded-full bg-indigo-600 px-1 text-xs font-bold text-white',
          count === 0 && 'invisible',
        )}
      >
        {count}
      </span>
    </Link>
  );
}

const navLink = ({ isActive }: { isActive: boolean }) =>
  cn(
    'rounded-md px-2 py-1 text-sm font-medium',
    isActive ? 'text-slate-900' : 'text-slate-600 hover:text-slate-900',
  );

/** Every storefront page: skip link, header (logo, search, cart, account), content, footer. */
export function Layout() {
  const { pathname } = useLocation();
  useReportOnce(pathname, () => ({ type: 'page_view', properties: { path: pathname.slice(0, 200) } }));
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded bg-white px-3 py-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto grid max-w-7xl grid-cols-[auto_1fr_auto] items-center gap-3 px-4 py-3 sm:px-6 lg:px-8">
          {/* The name in words, not an aria-label over other visible text: what a voice user reads
              ("Bodega") is the start of what the link is called ("Bodega home"). */}
          <Link to="/" className="flex items-center gap-2 text-xl font-extrabold tracking-tight">
            <span
              aria-hidden="true"
              className="flex h-8 w-8 items-center justify-center rounded-lg bg-slate-900 text-amber-400"
            >
              B
            </span>
            <span className="sr-only sm:not-sr-only">Bodega</span>
            <span className="sr-only"> home</span>
          </Link>
          <SearchBox className="mx-auto w-full max-w-xl" />
          <div className="flex items-center gap-1">
            <CartLink />
            <AccountMenu />
          </div>
        </div>
        <nav aria-label="Sections" className="mx-auto flex max-w-7xl gap-3 px-4 pb-2 sm:px-6 lg:px-8">
          <NavLink to="/" end className={navLink}>
            Home
          </NavLink>
          <NavLink to="/products" className={navLink}>
            Shop all
          </NavLink>
          <NavLink to="/account/orders" className={navLink}>
            Orders
          </NavLink>
        </nav>
      </header>
      <main id="main" className="flex-1" tabIndex={-1}>
        <Suspense fallback={<PageSkeleton />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap justify-between gap-2 px-4 py-6 text-sm text-slate-600 sm:px-6 lg:px-8">
          <span>© Bodega, an open-source commerce platform</span>
          <span>Test cards: 4242 4242 4242 4242 approves · 4000 0000 0000 0002 declines</span>
        </div>
      </footer>
    </div>
  );
}

export function PageSkeleton() {
  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8" aria-busy="true">
      <Skeleton className="mb-6 h-9 w-64" />
      <Skeleton className="h-96 w-full" />
    </div>
  );
}
