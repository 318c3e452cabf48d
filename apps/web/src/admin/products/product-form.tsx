import { Type, type Static } from '@sinclair/typebox';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useApi } from '../../api/context';
import { messageOf } from '../../api/errors';
import { useCategories } from '../../api/queries';
import type { Product } from '../../api/types';
import { Button } from '../../ui/button';
import { Field } from '../../ui/field';
import { applyServerErrors, typeboxResolver } from '../../ui/form';
import { Input, NativeSelect, Textarea } from '../../ui/input';
import { toMinorUnits } from '../../ui/money';

const ProductForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', errorMessage: 'Enter the product name' }),
  sku: Type.String({ minLength: 1, maxLength: 64, pattern: '\\S', errorMessage: 'Enter the SKU' }),
  category: Type.String({ minLength: 1, errorMessage: 'Choose a category' }),
  price: Type.String({ pattern: '^\\d+(\\.\\d{1,2})?$', errorMessage: 'Enter a price like 19.99' }),
  stock_qty: Type.Integer({ minimum: 0, errorMessage: 'Stock is a whole number, 0 or more' }),
  description: Type.String({ maxLength: 5000 }),
  images: Type.String({ errorMessage: 'One image URL per line' }),
});
type ProductValues = Static<typeof ProductForm>;

/** Create a product, or edit one: the same form, the server's field errors placed on its fields. */
export function ProductEditor({ product, onDone }: { product?: Product; onDone: () => void }) {
  const bodega = useApi();
  const queries = useQueryClient();
  const categories = useCategories();
  const [formError, setFormError] = useState<string>();
  const form = useForm<ProductValues>({
    resolver: typeboxResolver(ProductForm),
    defaultValues: {
      name: product?.name ?? '',
      sku: product?.sku ?? '',
      category: product?.category ?? '',
      price: product ? (product.price.amount / 100).toFixed(2) : '',
      stock_qty: product?.stock_qty ?? 0,
      description: product?.description ?? '',
      images: product?.images.join('\n') ?? '',
    },
  });
  const save = useMutation({
    mutationFn: (values: ProductValues) => {
      const body = {
        name: values.name.trim(),
        sku: values.sku.trim(),
        category: values.category,
        price: { amount: toMinorUnits(values.price) ?? 0, currency: product?.price.currency ?? 'USD' },
        description: values.description,
        images: values.images
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
      };
      return product
        ? bodega.patch('/api/v1/products/{id}', { params: { path: { id: product.id } }, body })
        : bodega.post('/api/v1/products', { body: { ...body, stock_qty: values.stock_qty } });
    },
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['admin-products'] });
      void queries.invalidateQueries({ queryKey: ['products'] });
      void queries.invalidateQueries({ queryKey: ['product'] });
      onDone();
    },
    onError: (error) => {
      if (
        !applyServerErrors(
          error,
          form.setError,
          ['name', 'sku', 'category', 'price', 'stock_qty', 'description', 'images'],
          { 'price.amount': 'price' },
        )
      )
        setFormError(messageOf(error));
    },
  });
  const { errors } = form.formState;
  return (
    <form
      noValidate
      aria-label={product ? 'Edit product' : 'New product'}
      className="grid gap-4 sm:grid-cols-2"
      onSubmit={form.handleSubmit((values) => {
        setFormError(undefined);
        save.mutate(values);
      })}
    >
      {formError && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-900 sm:col-span-2">
          {formError}
        </p>
      )}
      <Field label="Name" error={errors.name?.message} className="sm:col-span-2">
        <Input {...form.register('name')} />
      </Field>
      <Field label="SKU" error={errors.sku?.message}>
        <Input {...form.register('sku')} />
      </Field>
      <Field label="Category" error={errors.category?.message}>
        <NativeSelect {...form.register('category')}>
          <option value="">Choose…</option>
          {categories.data?.items.map((category) => (
            <option key={category.slug} value={category.slug}>
              {category.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Price (USD)" error={errors.price?.message}>
        <Input inputMode="decimal" {...form.register('price')} />
      </Field>
      {!product && (
        <Field label="Stock" error={errors.stock_qty?.message}>
          <Input type="number" min={0} {...form.register('stock_qty', { valueAsNumber: true })} />
        </Field>
      )}
      <Field label="Description" error={errors.description?.message} className="sm:col-span-2">
        <Textarea rows={3} {...form.register('description')} />
      </Field>
      <Field label="Images" error={errors.images?.message} hint="One URL per line" className="sm:col-span-2">
        <Textarea rows={2} {...form.register('images')} />
      </Field>
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" pending={save.isPending}>
          {product ? 'Save product' : 'Create product'}
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
