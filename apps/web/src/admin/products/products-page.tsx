import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useApi } from '../../api/context';
import { messageOf } from '../../api/errors';
import type { Product } from '../../api/types';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { Input } from '../../ui/input';
import { formatMoney } from '../../ui/money';
import { Skeleton } from '../../ui/skeleton';
import { EmptyState, ErrorState } from '../../ui/states';
import { useToast } from '../../ui/toast';
import { ProductEditor } from './product-form';

/** Products for managers: every one (inactive too), create, edit, stock, deactivate and reactivate. */
export function AdminProductsPage() {
  const bodega = useApi();
  const [editing, setEditing] = useState<Product | 'new'>();
  useEffect(() => {
    document.title = 'Products · Admin · Bodega';
  }, []);
  const products = useInfiniteQuery({
    queryKey: ['admin-products'],
    queryFn: ({ pageParam }) =>
      bodega.get('/api/v1/products', {
        params: { query: { include_inactive: true, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const items = products.data?.pages.flatMap((page) => page.items);

  return (
    <div>
      <div className="mb-6 flex items-center justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Products</h1>
        <Button onClick={() => setEditing('new')}>
          <Plus className="h-4 w-4" aria-hidden="true" /> New product
        </Button>
      </div>
      {products.isError ? (
        <ErrorState error={products.error} retry={() => void products.refetch()} />
      ) : !items ? (
        <Skeleton className="h-96 w-full" />
      ) : items.length === 0 ? (
        <EmptyState title="No products yet" />
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs tracking-wide text-slate-600 uppercase">
              <tr>
                <th scope="col" className="px-4 py-3">
                  Product
                </th>
                <th scope="col" className="px-4 py-3">
                  Price
                </th>
                <th scope="col" className="px-4 py-3">
                  Stock
                </th>
                <th scope="col" className="px-4 py-3">
                  Status
                </th>
                <th scope="col" className="px-4 py-3">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {items.map((product) => (
                <ProductRow key={product.id} product={product} onEdit={() => setEditing(product)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {products.hasNextPage && (
        <Button
          variant="outline"
          className="mt-4"
          pending={products.isFetchingNextPage}
          onClick={() => void products.fetchNextPage()}
        >
          Load more
        </Button>
      )}
      <Dialog
        open={editing !== undefined}
        onOpenChange={(open) => !open && setEditing(undefined)}
        title={editing === undefined || editing === 'new' ? 'New product' : `Edit ${editing.name}`}
        className="max-w-2xl"
      >
        {editing !== undefined && (
          <ProductEditor
            {...(editing === 'new' ? {} : { product: editing })}
            onDone={() => setEditing(undefined)}
          />
        )}
      </Dialog>
    </div>
  );
}

function ProductRow({ product, onEdit }: { product: Product; onEdit: () => void }) {
  const bodega = useApi();
  const queries = useQueryClient();
  const notify = useToast();
  const [stock, setStock] = useState(String(product.stock_qty));
  const done = async () => {
    await queries.invalidateQueries({ queryKey: ['admin-products'] });
    void queries.invalidateQueries({ queryKey: ['products'] });
  };
  const onError = (error: unknown) => notify('Not saved', { description: messageOf(error), tone: 'error' });
  const saveStock = useMutation({
    mutationFn: (stock_qty: number) =>
      bodega.put('/api/v1/products/{id}/stock', {
        params: { path: { id: product.id } },
        body: { stock_qty },
      }),
    onSuccess: done,
    onError,
  });
  const setActive = useMutation({
    mutationFn: (active: boolean) =>
      bodega.patch('/api/v1/products/{id}', { params: { path: { id: product.id } }, body: { active } }),
    onSuccess: done,
    onError,
  });
  const stockValid = /^\d+$/.test(stock);
  return (
    <tr>
      <td className="px-4 py-3">
        <p className="font-medium">{product.name}</p>
        <p className="text-xs text-slate-600">{product.sku}</p>
      </td>
      <td className="px-4 py-3">{formatMoney(product.price)}</td>
      <td className="px-4 py-3">
        <form
          className="flex items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (stockValid) saveStock.mutate(Number(stock));
          }}
        >
          <label className="sr-only" htmlFor={`stock-${product.id}`}>
            Stock of {product.name}
          </label>
          <Input
            id={`stock-${product.id}`}
            className="h-8 w-20"
            inputMode="numeric"
            value={stock}
            aria-invalid={!stockValid}
            onChange={(event) => setStock(event.target.value)}
          />
          {stock !== String(product.stock_qty) && (
            <Button
              size="sm"
              variant="outline"
              type="submit"
              disabled={!stockValid}
              pending={saveStock.isPending}
            >
              Save
            </Button>
          )}
        </form>
      </td>
      <td className="px-4 py-3">
        <Badge tone={product.active ? 'success' : 'neutral'}>{product.active ? 'Active' : 'Inactive'}</Badge>
      </td>
      <td className="px-4 py-3 text-right whitespace-nowrap">
        <Button size="sm" variant="ghost" onClick={onEdit}>
          Edit
        </Button>
        <Button
          size="sm"
          variant="ghost"
          pending={setActive.isPending}
          onClick={() => setActive.mutate(!product.active)}
        >
          {product.active ? 'Deactivate' : 'Activate'}
        </Button>
      </td>
    </tr>
  );
}
