import { ApiError } from '@bodega/client';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useApi } from '../../api/context';
import { messageOf } from '../../api/errors';
import type { Order, OrderStatus } from '../../api/types';
import { OrderStatusBadge } from '../../store/order-status';
import { Button } from '../../ui/button';
import { Field } from '../../ui/field';
import { Input, NativeSelect } from '../../ui/input';
import { formatMoney } from '../../ui/money';
import { Skeleton } from '../../ui/skeleton';
import { EmptyState, ErrorState } from '../../ui/states';
import { useToast } from '../../ui/toast';

const statuses: OrderStatus[] = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'];
const day = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** Every order for managers: filter by status, find one by id, ship, deliver, cancel, refund. */
export function AdminOrdersPage() {
  const bodega = useApi();
  const [status, setStatus] = useState<OrderStatus | ''>('');
  const [find, setFind] = useState('');
  useEffect(() => {
    document.title = 'Orders · Admin · Bodega';
  }, []);
  const orders = useInfiniteQuery({
    queryKey: ['admin-orders', status],
    queryFn: ({ pageParam }) =>
      bodega.get('/api/v1/orders', {
        params: {
          query: { limit: 50, ...(status ? { status } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
        },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const needle = find.trim().toLowerCase();
  const items = orders.data?.pages
    .flatMap((page) => page.items)
    .filter(
      (order) =>
        needle === '' ||
        order.id.toLowerCase().includes(needle) ||
        order.customer_id.toLowerCase().includes(needle),
    );

  return (
    <div>
      <h1 className="mb-6 text-2xl font-bold tracking-tight">Orders</h1>
      <div className="mb-4 flex flex-wrap gap-3">
        <Field label="Status" className="w-44">
          <NativeSelect
            value={status}
            onChange={(event) => setStatus(event.target.value as OrderStatus | '')}
          >
            <option value="">All</option>
            {statuses.map((value) => (
              <option key={value} value={value} className="capitalize">
                {value}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field label="Find by order or customer id" className="min-w-64 flex-1">
          <Input value={find} onChange={(event) => setFind(event.target.value)} placeholder="e.g. 3f2a9c1d" />
        </Field>
      </div>
      {orders.isError ? (
        <ErrorState error={orders.error} retry={() => void orders.refetch()} />
      ) : !items ? (
        <Skeleton className="h-96 w-full" />
      ) : items.length === 0 ? (
        <EmptyState title="No orders match" />
      ) : (
        <ul className="flex flex-col gap-3" aria-label="Orders">
          {items.map((order) => (
            <OrderRow key={order.id} order={order} />
          ))}
        </ul>
      )}
      {orders.hasNextPage && (
        <Button
          variant="outline"
          className="mt-4"
          pending={orders.isFetchingNextPage}
          onClick={() => void orders.fetchNextPage()}
        >
          Load more
        </Button>
      )}
    </div>
  );
}

function OrderRow({ order }: { order: Order }) {
  const bodega = useApi();
  const queries = useQueryClient();
  const notify = useToast();
  const act = useMutation({
    mutationFn: async (action: 'ship' | 'deliver' | 'cancel' | 'refund') => {
      const path = { params: { path: { id: order.id } } };
      if (action === 'ship')
        return bodega.post('/api/v1/orders/{id}/status', { ...path, body: { status: 'shipped' } });
      if (action === 'deliver')
        return bodega.post('/api/v1/orders/{id}/status', { ...path, body: { status: 'delivered' } });
      if (action === 'cancel')
        return bodega.post('/api/v1/orders/{id}/cancel', {
          ...path,
          body: { reason: 'cancelled by the shop' },
        });
      if (!order.payment_id) throw new Error('This order has no payment to refund');
      return bodega.post('/api/v1/payments/{id}/refund', {
        params: { path: { id: order.payment_id }, header: { 'Idempotency-Key': crypto.randomUUID() } },
        body: { reason: 'refunded by the shop' },
      });
    },
    onSuccess: async (_answer, action) => {
      notify(`Order ${order.id.slice(-8).toUpperCase()}: ${action} done`, { tone: 'success' });
      await queries.invalidateQueries({ queryKey: ['admin-orders'] });
      void queries.invalidateQueries({ queryKey: ['order', order.id] });
    },
    onError: (error) =>
      notify('Not done', {
        description:
          error instanceof ApiError || error instanceof Error ? messageOf(error) : 'Please try again',
        tone: 'error',
      }),
  });
  const busy = act.isPending;
  return (
    <li
      className="flex flex-wrap items-center gap-4 rounded-xl border border-slate-200 bg-white p-4"
      data-testid="admin-order"
    >
      <div className="flex min-w-48 flex-1 flex-col">
        <Link to={`/orders/${order.id}`} className="font-mono text-sm font-semibold hover:underline">
          {order.id.slice(-8).toUpperCase()}
        </Link>
        <span className="text-xs text-slate-600">
          {day.format(new Date(order.created_at))} · customer {order.customer_id.slice(-8)}
        </span>
      </div>
      <OrderStatusBadge status={order.status} />
      <span className="w-24 text-right font-semibold">{formatMoney(order.totals.total)}</span>
      <div className="flex gap-1">
        {order.status === 'paid' && (
          <Button size="sm" variant="outline" disabled={busy} onClick={() => act.mutate('ship')}>
            Ship
          </Button>
        )}
        {order.status === 'shipped' && (
          <Button size="sm" variant="outline" disabled={busy} onClick={() => act.mutate('deliver')}>
            Deliver
          </Button>
        )}
        {(order.status === 'pending' || order.status === 'paid') && (
          <Button size="sm" variant="ghost" disabled={busy} onClick={() => act.mutate('cancel')}>
            Cancel
          </Button>
        )}
        {(order.status === 'shipped' || order.status === 'delivered') && order.payment_id && (
          <Button size="sm" variant="ghost" disabled={busy} onClick={() => act.mutate('refund')}>
            Refund
          </Button>
        )}
      </div>
    </li>
  );
}
