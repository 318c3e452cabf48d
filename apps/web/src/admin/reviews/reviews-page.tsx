import { ApiError } from '@bodega/client';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { X } from 'lucide-react';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useApi } from '../../api/context';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card, CardContent } from '../../ui/card';
import { Field } from '../../ui/field';
import { NativeSelect } from '../../ui/input';
import { Rating } from '../../ui/rating';
import { Skeleton } from '../../ui/skeleton';
import { EmptyState, ErrorState } from '../../ui/states';
import { ProductPicker } from './product-picker';
import { ReviewItem } from './review-item';

type Shown = 'all' | 'visible' | 'hidden';
const shownLabels: Record<Shown, string> = { all: 'All', visible: 'Visible', hidden: 'Hidden' };

/** A 4xx is an answer (not found, not allowed): asking again will not change it. */
const retryServerErrors = (count: number, error: unknown) =>
  !(error instanceof ApiError && error.status < 500) && count < 1;

/**
 * Review moderation. Catalog lists reviews per product (there is no shop-wide review feed), so a
 * moderator picks a product, then sees all its reviews, hidden ones included, and hides or restores
 * them. The product and the filter are in the URL: a link to a product's moderation can be shared.
 */
export function AdminReviewsPage() {
  const bodega = useApi();
  const [params, setParams] = useSearchParams();
  const productId = params.get('product') ?? undefined;
  const shown =
    (['all', 'visible', 'hidden'] as const).find((value) => value === params.get('status')) ?? 'all';
  useEffect(() => {
    document.title = 'Reviews · Admin · Bodega';
  }, []);
  const set = (changes: Record<string, string | undefined>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) next.delete(key);
        else next.set(key, value);
      }
      return next;
    });

  const product = useQuery({
    queryKey: ['product', productId],
    queryFn: () => bodega.get('/api/v1/products/{id}', { params: { path: { id: productId ?? '' } } }),
    enabled: productId !== undefined,
    retry: retryServerErrors,
  });
  const reviews = useInfiniteQuery({
    queryKey: ['admin-reviews', productId, shown],
    queryFn: ({ pageParam }) =>
      bodega.get('/api/v1/products/{id}/reviews', {
        params: {
          path: { id: productId ?? '' },
          query: { status: shown, limit: 20, ...(pageParam ? { cursor: pageParam } : {}) },
        },
      }),
    enabled: productId !== undefined,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    retry: retryServerErrors,
  });
  const items = reviews.data?.pages.flatMap((page) => page.items);

  return (
    <div>
      <h1 className="mb-6 text-2xl font-bold tracking-tight">Reviews</h1>
      <div className="grid gap-6 lg:grid-cols-[20rem_1fr]">
        <div>
          <ProductPicker onPick={(id) => set({ product: id })} />
        </div>
        <div className="min-w-0">
          {productId === undefined ? (
            <EmptyState title="Pick a product">
              Reviews are moderated product by product: find one on the left to see every review it has,
              hidden ones included.
            </EmptyState>
          ) : (
            <>
              <Card className="mb-4">
                <CardContent className="flex flex-wrap items-end justify-between gap-4">
                  <div className="min-h-12 min-w-0">
                    {product.isError ? (
                      <p role="alert" className="text-sm text-red-700">
                        {product.error instanceof ApiError && product.error.status === 404
                          ? 'No product has this id.'
                          : 'The product could not be loaded.'}
                      </p>
                    ) : !product.data ? (
                      <Skeleton className="h-12 w-64" />
                    ) : (
                      <>
                        <h2 className="flex flex-wrap items-center gap-2 text-lg font-semibold">
                          {product.data.name}
                          {!product.data.active && <Badge>Inactive</Badge>}
                        </h2>
                        <Rating average={product.data.rating.average} count={product.data.rating.count} />
                      </>
                    )}
                  </div>
                  <div className="flex items-end gap-2">
                    <Field label="Show" className="w-36">
                      <NativeSelect value={shown} onChange={(event) => set({ status: event.target.value })}>
                        {Object.entries(shownLabels).map(([value, label]) => (
                          <option key={value} value={value}>
                            {label}
                          </option>
                        ))}
                      </NativeSelect>
                    </Field>
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label="Choose another product"
                      onClick={() => set({ product: undefined })}
                    >
                      <X className="h-4 w-4" aria-hidden="true" />
                    </Button>
                  </div>
                </CardContent>
              </Card>
              {reviews.isError ? (
                <ErrorState error={reviews.error} retry={() => void reviews.refetch()} />
              ) : !items ? (
                <div className="flex flex-col gap-3" aria-busy="true">
                  {[0, 1, 2].map((index) => (
                    <Skeleton key={index} className="h-24 w-full" />
                  ))}
                </div>
              ) : items.length === 0 ? (
                <EmptyState title={shown === 'all' ? 'No reviews yet' : `No ${shown} reviews`} />
              ) : (
                <ul
                  aria-label="Reviews"
                  className="flex flex-col divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white px-4"
                >
                  {items.map((review) => (
                    <ReviewItem key={review.id} review={review} />
                  ))}
                </ul>
              )}
              {reviews.hasNextPage && (
                <Button
                  variant="outline"
                  className="mt-4"
                  pending={reviews.isFetchingNextPage}
                  onClick={() => void reviews.fetchNextPage()}
                >
                  More reviews
                </Button>
              )}
            </>
          )}
        </div>
      </div>
    </div>
  );
}
