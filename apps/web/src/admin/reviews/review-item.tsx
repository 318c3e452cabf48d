import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/context';
import type { Review } from '../../api/types';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Rating } from '../../ui/rating';
import { useToast } from '../../ui/toast';

const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * One review as a moderator sees it, with hide or restore behind a confirmation. Title, body and
 * author name are a customer's words: React renders them as text, pasted HTML included.
 */
export function ReviewItem({ review }: { review: Review }) {
  const bodega = useApi();
  const queries = useQueryClient();
  const notify = useToast();
  const [confirming, setConfirming] = useState(false);
  const hidden = review.status === 'hidden';
  const next = hidden ? 'visible' : 'hidden';
  const moderate = useMutation({
    mutationFn: () =>
      bodega.patch('/api/v1/reviews/{id}', { params: { path: { id: review.id } }, body: { status: next } }),
    onSuccess: async () => {
      setConfirming(false);
      notify(hidden ? 'Review restored' : 'Review hidden', { tone: 'success' });
      // The storefront's copies (the reviews and the product's rating) are stale too.
      await queries.invalidateQueries({ queryKey: ['admin-reviews', review.product_id] });
      void queries.invalidateQueries({ queryKey: ['reviews'] });
      void queries.invalidateQueries({ queryKey: ['product'] });
    },
  });
  return (
    <li
      className="flex flex-col gap-2 py-4 sm:flex-row sm:items-start sm:justify-between"
      data-testid="admin-review"
    >
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-3">
          <Rating average={review.rating} />
          <h3 className="font-semibold break-words">{review.title}</h3>
          <Badge tone={hidden ? 'warning' : 'success'}>{hidden ? 'Hidden' : 'Visible'}</Badge>
        </div>
        <p className="mt-1 text-xs text-slate-600">
          {review.author.name ?? 'A customer'} · {when.format(new Date(review.created_at))}
        </p>
        {review.body && (
          <p className="mt-2 text-sm leading-relaxed break-words whitespace-pre-line text-slate-800">
            {review.body}
          </p>
        )}
      </div>
      <Button
        size="sm"
        variant={hidden ? 'outline' : 'ghost'}
        onClick={() => {
          moderate.reset();
          setConfirming(true);
        }}
        aria-label={`${hidden ? 'Restore' : 'Hide'} the review “${review.title}”`}
      >
        {hidden ? 'Restore' : 'Hide'}
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={hidden ? 'Restore this review?' : 'Hide this review?'}
        description={
          hidden
            ? 'Shoppers will see it again, and it counts in the product’s rating again.'
            : 'Shoppers will no longer see it, and it stops counting in the product’s rating. You can restore it later.'
        }
        confirmLabel={hidden ? 'Restore review' : 'Hide review'}
        danger={!hidden}
        pending={moderate.isPending}
        error={moderate.error}
        onConfirm={() => moderate.mutate()}
      >
        <blockquote className="rounded-lg bg-slate-50 p-3 text-sm break-words text-slate-800">
          <p className="font-semibold">{review.title}</p>
          {review.body && <p className="mt-1 line-clamp-4 whitespace-pre-line">{review.body}</p>}
        </blockquote>
      </ConfirmDialog>
    </li>
  );
}
