import { Activity, BarChart3, MessageSquare, Package, ShoppingCart, Users } from 'lucide-react';
import { NavLink, Outlet } from 'react-router-dom';
import { useSession } from '../api/session';
import { cn } from '../ui/cn';

// Absolute paths: this layout renders under the `admin/*` splat route, where a relative link resolves
// against the whole current URL (/admin/products + orders = /admin/products/orders), not against /admin.
const sections = [
  { to: '/admin/products', label: 'Products', icon: Package },
  { to: '/admin/orders', label: 'Orders', icon: ShoppingCart },
  { to: '/admin/reviews', label: 'Reviews', icon: MessageSquare },
  { to: '/admin/users', label: 'Users', icon: Users, adminOnly: true },
  { to: '/admin/analytics', label: 'Analytics', icon: BarChart3 },
  { to: '/admin/operations', label: 'Operations', icon: Activity },
] as const;

/** The admin frame: its sections on the side (a row on phones), the page beside. */
export function AdminLayout() {
  const { user } = useSession();
  return (
    <div className="mx-auto grid max-w-7xl gap-6 px-4 py-6 sm:px-6 md:grid-cols-[13rem_1fr] lg:px-8">
      <nav aria-label="Admin" className="flex gap-1 overflow-x-auto md:flex-col">
        <p className="hidden px-3 pb-2 text-xs font-semibold tracking-wide text-slate-600 uppercase md:block">
          Admin
        </p>
        {sections
          .filter((section) => !('adminOnly' in section) || user?.role === 'admin')
          .map(({ to, label, icon: Icon }) => (
            <NavLink
              key={to}
              to={to}
              className={({ isActive }) =>
                cn(
                  'flex items-center gap-2 rounded-lg px-3 py-2 text-sm font-medium whitespace-nowrap',
                  isActive ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-200',
                )
              }
            >
              <Icon className="h-4 w-4" aria-hidden="true" />
              {label}
            </NavLink>
          ))}
      </nav>
      <div className="min-w-0">
        <Outlet />
      </div>
    </div>
  );
}
