import { useEffect, type ReactNode } from 'react';
import { cn } from './cn';

/**
 * A page's title (the document's too, for tabs and screen readers) and its content. `heading={null}`:
 * the page shows its own visible h1 where its design wants it (the product page, beside the picture).
 */
export function Page({
  title,
  heading = title,
  actions,
  children,
  className,
}: {
  title: string;
  heading?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  useEffect(() => {
    document.title = `${title} · Bodega`;
  }, [title]);
  return (
    <div className={cn('mx-auto w-full max-w-7xl px-4 py-6 sm:px-6 lg:px-8', className)}>
      {heading !== null || actions ? (
        <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
          {heading !== null && <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{heading}</h1>}
          {actions}
        </div>
      ) : null}
      {children}
    </div>
  );
}
