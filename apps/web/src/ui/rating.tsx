import { Star } from 'lucide-react';
import { cn } from './cn';

/** Five stars filled to `average`, with the number for screen readers (and the count when given). */
export function Rating({
  average,
  count,
  className,
}: {
  average: number;
  count?: number;
  className?: string;
}) {
  const label =
    count === undefined
      ? `Rated ${average.toFixed(1)} out of 5`
      : count === 0
        ? 'No reviews yet'
        : `Rated ${average.toFixed(1)} out of 5 from ${count} review${count === 1 ? '' : 's'}`;
  return (
    <span className={cn('inline-flex items-center gap-1 text-sm text-slate-700', className)}>
      <span role="img" aria-label={label} className="inline-flex">
        {[1, 2, 3, 4, 5].map((star) => (
          <Star
            key={star}
            aria-hidden="true"
            className={cn(
              'h-4 w-4',
              star <= Math.round(average) ? 'fill-amber-400 text-amber-400' : 'fill-slate-200 text-slate-200',
            )}
          />
        ))}
      </span>
      {count !== undefined && count > 0 && <span aria-hidden="true">({count})</span>}
    </span>
  );
}
