import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { RequireAuth } from '../account/require-auth';
import { isStaff, useSession } from '../api/session';
import { Page } from '../ui/page';
import { Skeleton } from '../ui/skeleton';
import { EmptyState } from '../ui/states';
import { AdminLayout } from './admin-layout';
import { AdminOperationsPage } from './operations/operations-page';
import { AdminOrdersPage } from './orders/orders-page';
import { AdminProductsPage } from './products/products-page';
import { AdminReviewsPage } from './reviews/reviews-page';
import { AdminUsersPage } from './users/users-page';

// The charts library loads with the analytics page only, not with the rest of the admin.
const AdminAnalyticsPage = lazy(() =>
  import('./analytics/analytics-page').then((module) => ({ default: module.AdminAnalyticsPage })),
);

/** Managers and admins only; a customer who follows a link here learns nothing but "not allowed". */
function RequireStaff({ children }: { children: React.ReactNode }) {
  const { user } = useSession();
  if (!isStaff(user))
    return (
      <Page title="Not allowed">
        <EmptyState title="This area is for the shop's managers">
          Sign in with a manager or admin account to use it.
        </EmptyState>
      </Page>
    );
  return children;
}

/**
 * The admin area under /admin (loaded on first visit). Each section is a page in this folder; the
 * shared pieces (ui/, api/) are the storefront's.
 */
export function AdminRoutes() {
  return (
    <RequireAuth>
      <RequireStaff>
        <Routes>
          <Route element={<AdminLayout />}>
            <Route index element={<Navigate to="/admin/products" replace />} />
            <Route path="products" element={<AdminProductsPage />} />
            <Route path="orders" element={<AdminOrdersPage />} />
            <Route path="reviews" element={<AdminReviewsPage />} />
            <Route path="users" element={<AdminUsersPage />} />
            <Route
              path="analytics"
              element={
                <Suspense fallback={<Skeleton className="h-[40rem] w-full" />}>
                  <AdminAnalyticsPage />
                </Suspense>
              }
            />
            <Route path="operations" element={<AdminOperationsPage />} />
            <Route path="*" element={<Navigate to="/admin/products" replace />} />
          </Route>
        </Routes>
      </RequireStaff>
    </RequireAuth>
  );
}
