import { ChevronRight } from 'lucide-react';
import { Link } from 'react-router-dom';
import { useOrders } from '../api/queries';
import { OrderStatusBadge } from '../store/order-status';
import { Button } from '../ui/button';
import { formatMoney } from '../ui/money';
import { Page } from '../ui/page';
import { Skeleton } from '../ui/skeleton';
import { EmptyState, ErrorState } from '../ui/states';

const day = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });

/** The customer's orders, newest first, each a link to its tracking page. */
export function OrdersPage() {
  const orders = useOrders();
  const items = orders.data?.pages.flatMap((page) => page.items);
  return (
    <Page title="Your orders" className="max-w-3xl">
      {orders.isError ? (
        <ErrorState error={orders.error} retry={() => void orders.refetch()} />
      ) : !items ? (
        <div className="flex flex-col gap-3" aria-busy="true">
          {[0, 1, 2].map((index) => (
            <Skeleton key={index} className="h-20 w-full" />
          ))}
        </div>
      ) : items.length === 0 ? (
        <EmptyState
          title="No orders yet"
          action={
            <Button asChild>
              <Link to="/products">Start shopping</Link>
            </Button>
          }
        />
      ) : (
        <ul className="flex flex-col gap-3" aria-label="Orders" data-testid="orders">
          {items.map((order) => (
            <li key={order.id}>
              <Link
                to={`/orders/${order.id}`}
                className="flex items-center gap-4 rounded-xl border border-slate-200 bg-white p-4 hover:border-slate-400 focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                <div className="flex flex-1 flex-col gap-1">
                  <span className="font-mono text-sm font-semibold">{order.id.slice(-8).toUpperCase()}</span>
                  <span className="text-sm text-slate-600">
                    {day.format(new Date(order.created_at))} ·{' '}
                    {order.items.reduce((sum, line) => sum + line.quantity, 0)} items
                  </span>
                </div>
                <OrderStatusBadge status={order.status} />
                <span className="w-24 text-right font-semibold">{formatMoney(order.totals.total)}</span>
                <ChevronRight className="h-4 w-4 text-slate-500" aria-hidden="true" />
              </Link>
            </li>
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
          Older orders
        </Button>
      )}
    </Page>
  );
}
