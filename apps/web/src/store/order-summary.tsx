import { ApiError } from '@bodega/client';
import type { Quote } from '../api/types';
import { formatMoney } from '../ui/money';
import { Skeleton } from '../ui/skeleton';

/** The quote's totals (subtotal, discount, tax, shipping, total), or skeleton rows of the same size. */
export function OrderSummary({
  quote,
  loading,
  error,
}: {
  quote: Quote | undefined;
  loading: boolean;
  error?: unknown;
}) {
  const rows = quote
    ? [
        ['Subtotal', formatMoney(quote.totals.subtotal)],
        ...(quote.totals.discount.amount > 0
          ? [
              [
                `Discount${quote.promotion ? ` (${quote.promotion.code})` : ''}`,
                `−${formatMoney(quote.totals.discount)}`,
              ],
            ]
          : []),
        [
          `Tax (${(quote.tax_rate_bps / 100).toFixed(2).replace(/\.00$/, '')}%)`,
          formatMoney(quote.totals.tax),
        ],
        ['Shipping', quote.totals.shipping.amount === 0 ? 'Free' : formatMoney(quote.totals.shipping)],
      ]
    : [];
  return (
    <div aria-live="polite" aria-busy={loading} data-testid="order-summary">
      {quote ? (
        <dl className="flex flex-col gap-2 text-sm">
          {rows.map(([label, value]) => (
            <div key={label} className="flex justify-between">
              <dt className="text-slate-700">{label}</dt>
              <dd className="font-medium">{value}</dd>
            </div>
          ))}
          <div className="mt-2 flex justify-between border-t border-slate-200 pt-3 text-base">
            <dt className="font-semibold">Total</dt>
            <dd className="font-bold" data-testid="total">
              {formatMoney(quote.totals.total)}
            </dd>
          </div>
        </dl>
      ) : error && !(error instanceof ApiError && error.code === 'PROMO_NOT_FOUND') ? (
        <p className="text-sm text-red-800">The total could not be calculated right now.</p>
      ) : (
        <div className="flex flex-col gap-2">
          {[0, 1, 2, 3].map((index) => (
            <Skeleton key={index} className="h-5 w-full" />
          ))}
          <Skeleton className="mt-2 h-7 w-full" />
        </div>
      )}
    </div>
  );
}
