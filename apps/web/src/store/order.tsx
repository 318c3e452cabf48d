import { ApiError } from '@bodega/client';
import { CheckCircle2 } from 'lucide-react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useOrder } from '../api/queries';
import { Button } from '../ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '../ui/card';
import { formatMoney } from '../ui/money';
import { Page } from '../ui/page';
import { Skeleton } from '../ui/skeleton';
import { EmptyState, ErrorState } from '../ui/states';
import { OrderStatusBadge } from './order-status';

const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * An order: the confirmation right after checkout, and its tracking afterwards. It is polled while it
 * can still change, so the status history grows on screen as the shop ships and delivers it. Someone
 * else's order (403) reads exactly like a missing one (404): a link reveals nothing.
 */
export function OrderPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const order = useOrder(id);

  if (order.isError) {
    if (order.error instanceof ApiError && [400, 403, 404].includes(order.error.status))
      return (
        <Page title="Order not found">
          <EmptyState
            title="We could not find this order"
            action={
              <Button asChild>
                <Link to="/account/orders">Your orders</Link>
              </Button>
            }
          >
            There is no order with this number in your account.
          </EmptyState>
        </Page>
      );
    return (
      <Page title="Order">
        <ErrorState error={order.error} retry={() => void order.refetch()} />
      </Page>
    );
  }
  if (order.isPending)
    return (
      <Page title="Order">
        <div className="grid gap-6 lg:grid-cols-[1fr_22rem]" aria-busy="true">
          <Skeleton className="h-72 w-full" />
          <Skeleton className="h-72 w-full" />
        </div>
      </Page>
    );

  const data = order.data;
  const placed = params.get('placed') === '1' && data.status !== 'cancelled';
  return (
    <Page
      title={`Order ${data.id.slice(-8)}`}
      heading={placed ? 'Thank you for your order' : 'Order details'}
    >
      {placed && (
        <p
          role="status"
          className="mb-6 flex items-center gap-2 rounded-xl border border-emerald-200 bg-emerald-50 p-4 text-emerald-900"
        >
          <CheckCircle2 className="h-5 w-5" aria-hidden="true" /> Payment received. We will let you know when
          it ships.
        </p>
      )}
      <div className="grid items-start gap-6 lg:grid-cols-[1fr_22rem]">
        <Card>
          <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
            <CardTitle>
              Order <span className="font-mono text-base">{data.id.slice(-8).toUpperCase()}</span>
            </CardTitle>
            <OrderStatusBadge status={data.status} />
          </CardHeader>
          <CardContent className="flex flex-col gap-6">
            <ul className="flex flex-col divide-y divide-slate-200">
              {data.items.map((line) => (
                <li key={line.product_id} className="flex justify-between gap-3 py-2 text-sm">
                  <span>
                    {line.quantity} × {line.name}
                  </span>
                  <span className="font-medium">{formatMoney(line.line_total)}</span>
                </li>
              ))}
            </ul>
            <section aria-labelledby="history-heading">
              <h2
                id="history-heading"
                className="mb-3 text-sm font-semibold tracking-wide text-slate-600 uppercase"
              >
                Status history
              </h2>
              <ol
                className="relative flex flex-col gap-4 border-l-2 border-slate-200 pl-5"
                data-testid="order-history"
                aria-live="polite"
              >
                {data.history.map((entry, index) => (
                  <li key={`${entry.status}-${index}`} className="relative">
                    <span
                      className="absolute top-1.5 -left-[27px] h-3 w-3 rounded-full bg-indigo-600 ring-4 ring-white"
                      aria-hidden="true"
                    />
                    <p className="font-medium capitalize">{entry.status}</p>
                    <p className="text-sm text-slate-600">
                      {when.format(new Date(entry.at))}
                      {entry.reason ? ` · ${entry.reason.replaceAll('_', ' ')}` : ''}
                    </p>
                  </li>
                ))}
              </ol>
            </section>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Totals</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="flex flex-col gap-2 text-sm">
              {(
                [
                  ['Subtotal', data.totals.subtotal],
                  ['Discount', data.totals.discount],
                  ['Tax', data.totals.tax],
                  ['Shipping', data.totals.shipping],
                ] as const
              ).map(([label, money]) => (
                <div key={label} className="flex justify-between">
                  <dt className="text-slate-700">{label}</dt>
                  <dd>{formatMoney(money)}</dd>
                </div>
              ))}
              <div className="mt-2 flex justify-between border-t border-slate-200 pt-3 text-base font-bold">
                <dt>Total</dt>
                <dd>{formatMoney(data.totals.total)}</dd>
              </div>
            </dl>
            {data.shipping_address && (
              <address className="mt-6 text-sm text-slate-700 not-italic">
                <span className="font-semibold text-slate-900">Ships to</span>
                <br />
                {data.shipping_address.name}
                <br />
                {data.shipping_address.line1}
                {data.shipping_address.line2 && (
                  <>
                    <br />
                    {data.shipping_address.line2}
                  </>
                )}
                <br />
                {data.shipping_address.postal_code} {data.shipping_address.city},{' '}
                {data.shipping_address.country}
              </address>
            )}
          </CardContent>
        </Card>
      </div>
    </Page>
  );
}
