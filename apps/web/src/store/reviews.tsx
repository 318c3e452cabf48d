import { lazy, Suspense, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useReviews } from '../api/queries';
import { useSession } from '../api/session';
import { Button } from '../ui/button';
import { Rating } from '../ui/rating';
import { Skeleton } from '../ui/skeleton';
import { ErrorState } from '../ui/states';

// The form (and its schema validation) loads only for a signed-in customer.
const ReviewEditor = lazy(() => import('./review-form').then((module) => ({ default: module.ReviewEditor })));

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });

/** The product's reviews, newest first. Every field written by a person is rendered as text by React. */
export function Reviews({ productId }: { productId: string }) {
  const reviews = useReviews(productId);
  const { user } = useSession();
  const location = useLocation();
  const [editing, setEditing] = useState(false);
  const items = reviews.data?.pages.flatMap((page) => page.items) ?? [];
  const own = user ? items.find((review) => review.author.id === user.id) : undefined;

  return (
    <section
      id="reviews"
      aria-labelledby="reviews-heading"
      className="mt-14 grid gap-8 lg:grid-cols-[1fr_24rem]"
    >
      <div>
        <h2 id="reviews-heading" className="mb-4 text-xl font-bold tracking-tight">
          Reviews
        </h2>
        {reviews.isError ? (
          <ErrorState error={reviews.error} retry={() => void reviews.refetch()} />
        ) : reviews.isPending ? (
          <div className="flex flex-col gap-4">
            {[0, 1].map((index) => (
              <Skeleton key={index} className="h-28 w-full" />
            ))}
          </div>
        ) : items.length === 0 ? (
          <p className="text-sm text-slate-600">No reviews yet. Be the first to write one.</p>
        ) : (
          <ul className="flex flex-col divide-y divide-slate-200" data-testid="reviews">
            {items.map((review) => (
              <li key={review.id} className="py-4">
                <div className="flex flex-wrap items-center gap-3">
                  <Rating average={review.rating} />
                  <h3 className="font-semibold">{review.title}</h3>
                </div>
                <p className="mt-1 text-xs text-slate-600">
                  {review.author.name ?? 'A customer'} · {dateFormat.format(new Date(review.created_at))}
                  {review.status === 'hidden' && ' · hidden'}
                </p>
                {review.body && (
                  <p className="mt-2 text-sm leading-relaxed whitespace-pre-line text-slate-800">
                    {review.body}
                  </p>
                )}
                {own?.id === review.id && !editing && (
                  <Button variant="link" size="sm" className="mt-1 px-0" onClick={() => setEditing(true)}>
                    Edit your review
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
        {reviews.hasNextPage && (
          <Button
            variant="outline"
            pending={reviews.isFetchingNextPage}
            onClick={() => void reviews.fetchNextPage()}
          >
            More reviews
          </Button>
        )}
      </div>
      <div>
        {!user ? (
          <p className="rounded-xl border border-slate-200 bg-white p-5 text-sm">
            <Link
              to={`/sign-in?next=${encodeURIComponent(location.pathname)}`}
              className="font-semibold text-indigo-700 underline"
            >
              Sign in
            </Link>{' '}
            to write a review.
          </p>
        ) : own && !editing ? null : (
          <Suspense fallback={<Skeleton className="h-96 w-full" />}>
            <ReviewEditor
              key={own?.id ?? 'new'}
              productId={productId}
              own={own}
              {...(own ? { onDone: () => setEditing(false) } : {})}
            />
          </Suspense>
        )}
      </div>
    </section>
  );
}
