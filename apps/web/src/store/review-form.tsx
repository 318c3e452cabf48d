import { Type, type Static } from '@sinclair/typebox';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useApi } from '../api/context';
import { messageOf } from '../api/errors';
import type { Review } from '../api/types';
import { Button } from '../ui/button';
import { Field } from '../ui/field';
import { applyServerErrors, typeboxResolver } from '../ui/form';
import { Input, NativeSelect, Textarea } from '../ui/input';

// The catalog's limits (services/catalog/src/reviews/review.ts), checked here first for quick feedback.
const ReviewForm = Type.Object({
  rating: Type.Integer({ minimum: 1, maximum: 5, errorMessage: 'Choose a rating from 1 to 5 stars' }),
  title: Type.String({
    minLength: 1,
    maxLength: 200,
    pattern: '\\S',
    errorMessage: 'Give your review a title (up to 200 characters)',
  }),
  body: Type.String({ maxLength: 5000, errorMessage: 'Keep the review under 5,000 characters' }),
});
type ReviewValues = Static<typeof ReviewForm>;

/** Write a review, or edit one's own. Whatever is typed is sent and shown as plain text. */
export function ReviewEditor({
  productId,
  own,
  onDone,
}: {
  productId: string;
  own?: Review | undefined;
  onDone?: () => void;
}) {
  const bodega = useApi();
  const queries = useQueryClient();
  const [formError, setFormError] = useState<string>();
  const form = useForm<ReviewValues>({
    resolver: typeboxResolver(ReviewForm),
    defaultValues: { rating: own?.rating ?? 5, title: own?.title ?? '', body: own?.body ?? '' },
  });
  const save = useMutation({
    mutationFn: (values: ReviewValues) =>
      own
        ? bodega.patch('/api/v1/reviews/{id}', { params: { path: { id: own.id } }, body: values })
        : bodega.post('/api/v1/products/{id}/reviews', { params: { path: { id: productId } }, body: values }),
    onSuccess: async () => {
      await Promise.all([
        queries.invalidateQueries({ queryKey: ['reviews', productId] }),
        queries.invalidateQueries({ queryKey: ['product'] }),
      ]);
      if (!own) form.reset({ rating: 5, title: '', body: '' });
      onDone?.();
    },
    onError: (error) => {
      if (!applyServerErrors(error, form.setError, ['rating', 'title', 'body']))
        setFormError(messageOf(error));
    },
  });
  const { errors } = form.formState;

  return (
    <form
      noValidate
      aria-label={own ? 'Edit your review' : 'Write a review'}
      className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-5"
      onSubmit={form.handleSubmit((values) => {
        setFormError(undefined);
        save.mutate(values);
      })}
    >
      <h3 className="text-base font-semibold">{own ? 'Edit your review' : 'Write a review'}</h3>
      {formError && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-900">
          {formError}
        </p>
      )}
      <Field label="Rating" error={errors.rating?.message}>
        <NativeSelect {...form.register('rating', { valueAsNumber: true })}>
          {[5, 4, 3, 2, 1].map((stars) => (
            <option key={stars} value={stars}>
              {stars} star{stars === 1 ? '' : 's'}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Title" error={errors.title?.message}>
        <Input {...form.register('title')} maxLength={200} />
      </Field>
      <Field label="Review" error={errors.body?.message} hint="Optional. Plain text.">
        <Textarea {...form.register('body')} rows={4} />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" pending={save.isPending}>
          {own ? 'Save review' : 'Post review'}
        </Button>
        {onDone && own && (
          <Button type="button" variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
