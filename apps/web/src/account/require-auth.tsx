import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useSession } from '../api/session';
import { PageSkeleton } from '../shell/layout';

/** Pages for signed-in customers: a visitor is sent to sign in, and comes back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useSession();
  const location = useLocation();
  if (status === 'restoring') return <PageSkeleton />;
  if (status === 'signed-out')
    return (
      <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  return children;
}

/** Where to go after signing in: only a path of this site (never an open redirect). */
export function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
