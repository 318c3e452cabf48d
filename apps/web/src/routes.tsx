import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Link } from 'react-router-dom';
import { RequireAuth } from './account/require-auth';
import { Layout } from './shell/layout';
import { CartPage } from './store/cart';
import { CatalogPage } from './store/catalog';
import { HomePage } from './store/home';
import { ProductPage } from './store/product';
import { SearchPage } from './store/search';
import { Button } from './ui/button';
import { Page } from './ui/page';
import { CrashPage, EmptyState } from './ui/states';

// Loaded when first visited: the storefront's first load carries none of their code (forms and their
// schema validation, the admin and its charts), which keeps the home page's JavaScript small.
const CheckoutPage = lazy(() =>
  import('./store/checkout').then((module) => ({ default: module.CheckoutPage })),
);
const OrderPage = lazy(() => import('./store/order').then((module) => ({ default: module.OrderPage })));
const SignInPage = lazy(() => import('./account/sign-in').then((module) => ({ default: module.SignInPage })));
const RegisterPage = lazy(() =>
  import('./account/register').then((module) => ({ default: module.RegisterPage })),
);
const ProfilePage = lazy(() =>
  import('./account/profile').then((module) => ({ default: module.ProfilePage })),
);
const OrdersPage = lazy(() => import('./account/orders').then((module) => ({ default: module.OrdersPage })));
const AdminRoutes = lazy(() =>
  import('./admin/admin-routes').then((module) => ({ default: module.AdminRoutes })),
);

function NotFound() {
  return (
    <Page title="Page not found">
      <EmptyState
        title="This page does not exist"
        action={
          <Button asChild>
            <Link to="/">Go to the shop</Link>
          </Button>
        }
      />
    </Page>
  );
}

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <CrashPage />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'products', element: <CatalogPage /> },
      { path: 'search', element: <SearchPage /> },
      { path: 'p/:slug', element: <ProductPage /> },
      { path: 'cart', element: <CartPage /> },
      {
        path: 'checkout',
        element: (
          <RequireAuth>
            <CheckoutPage />
          </RequireAuth>
        ),
      },
      {
        path: 'orders/:id',
        element: (
          <RequireAuth>
            <OrderPage />
          </RequireAuth>
        ),
      },
      { path: 'sign-in', element: <SignInPage /> },
      { path: 'register', element: <RegisterPage /> },
      {
        path: 'account',
        element: (
          <RequireAuth>
            <ProfilePage />
          </RequireAuth>
        ),
      },
      {
        path: 'account/orders',
        element: (
          <RequireAuth>
            <OrdersPage />
          </RequireAuth>
        ),
      },
      { path: 'admin/*', element: <AdminRoutes /> },
      { path: '*', element: <NotFound /> },
    ],
  },
];
