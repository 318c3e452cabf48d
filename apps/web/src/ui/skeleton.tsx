import type { HTMLAttributes } from 'react';
import { cn } from './cn';

/** A placeholder of the size of what is loading (give it fixed dimensions): nothing moves when it arrives. */
export function Skeleton({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return (
    <div aria-hidden="true" className={cn('animate-pulse rounded-md bg-slate-200', className)} {...props} />
  );
}
