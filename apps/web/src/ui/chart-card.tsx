import { BarChart3 } from 'lucide-react';
import { useId, type ReactNode } from 'react';
import { Card, CardContent, CardHeader, CardTitle } from './card';
import { cn } from './cn';
import { Skeleton } from './skeleton';
import { ErrorState } from './states';

/**
 * A chart in a card of a fixed height: the skeleton, the empty note, the error and the chart all take
 * the same room, so nothing moves when the data arrives. The chart is a picture for sighted readers;
 * `summary` says what it shows in words (shown under it, and its accessible description) and `table` holds the same numbers as a
 * table, behind a disclosure, for everyone else (and for anyone who wants the exact figures).
 * Draw charts with recharts' `accessibilityLayer={false}`: inside this picture its keyboard layer
 * would only add an unnamed tab stop; the table is the accessible form of the numbers.
 */
export function ChartCard({
  title,
  actions,
  state,
  error,
  retry,
  summary,
  emptyText = 'Nothing in this range yet.',
  table,
  height = 'h-72',
  children,
  testId,
}: {
  title: string;
  actions?: ReactNode;
  state: 'loading' | 'error' | 'empty' | 'ready';
  error?: unknown;
  retry?: () => void;
  summary?: string;
  emptyText?: string;
  table?: ReactNode;
  /** A Tailwind height class: the same for every state. */
  height?: string;
  children?: ReactNode;
  testId?: string;
}) {
  const summaryId = useId();
  return (
    <Card data-testid={testId} aria-busy={state === 'loading' || undefined}>
      <CardHeader className="flex-row flex-wrap items-center justify-between gap-3">
        <CardTitle>{title}</CardTitle>
        {actions}
      </CardHeader>
      <CardContent>
        <div className={cn('relative w-full', height)}>
          {state === 'loading' ? (
            <Skeleton className="h-full w-full" />
          ) : state === 'error' ? (
            <div className="h-full overflow-auto">
              <ErrorState
                error={error}
                {...(retry ? { retry } : {})}
                title={`${title} could not be loaded`}
              />
            </div>
          ) : state === 'empty' ? (
            <div className="flex h-full flex-col items-center justify-center gap-2 rounded-lg border border-dashed border-slate-300 text-sm text-slate-600">
              <BarChart3 className="h-8 w-8 text-slate-400" aria-hidden="true" />
              {emptyText}
            </div>
          ) : (
            <figure
              className="h-full w-full"
              role="img"
              aria-label={title}
              aria-describedby={summary ? summaryId : undefined}
              data-chart-ready="true"
            >
              {children}
            </figure>
          )}
        </div>
        {state === 'ready' && summary && (
          <p id={summaryId} className="mt-3 text-sm text-slate-700">
            {summary}
          </p>
        )}
        {state === 'ready' && table && (
          <details className="mt-3 text-sm">
            <summary className="cursor-pointer font-medium text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600">
              Show the data as a table
            </summary>
            <div className="mt-3">{table}</div>
          </details>
        )}
      </CardContent>
    </Card>
  );
}
