import { AlertTriangle, PackageOpen } from 'lucide-react';
import type { ReactNode } from 'react';
import { messageOf } from '../api/errors';
import { Button } from './button';

/** Nothing to show, said plainly, with what to do next. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      <PackageOpen className="h-10 w-10 text-slate-400" aria-hidden="true" />
      <h2 className="text-lg font-semibold">{title}</h2>
      {children && <div className="max-w-md text-sm text-slate-600">{children}</div>}
      {action}
    </div>
  );
}

/** A failed load, with the reason in a person's words and a retry. */
export function ErrorState({
  error,
  retry,
  title = 'This could not be loaded',
}: {
  error: unknown;
  retry?: () => void;
  title?: string;
}) {
  return (
    <div
      role="alert"
      className="flex flex-col items-center gap-3 rounded-xl border border-red-200 bg-red-50 px-6 py-10 text-center"
    >
      <AlertTriangle className="h-8 w-8 text-red-700" aria-hidden="true" />
      <h2 className="text-base font-semibold text-red-900">{title}</h2>
      <p className="text-sm text-red-900">{messageOf(error)}</p>
      {retry && (
        <Button variant="outline" onClick={retry}>
          Try again
        </Button>
      )}
    </div>
  );
}

/** A page that crashed: said plainly, with a way back (the router's errorElement). */
export function CrashPage() {
  return (
    <div className="mx-auto max-w-xl px-4 py-16">
      <ErrorState
        error={new Error('crash')}
        title="This page failed to load"
        retry={() => window.location.reload()}
      />
    </div>
  );
}
