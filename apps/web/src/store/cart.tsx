import { ApiError } from '@bodega/client';
import { AlertTriangle, Minus, Plus, Trash2 } from 'lucide-react';
import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { messageOf } from '../api/errors';
import { useCart, useQuote, useRemoveLine, useSetQuantity } from '../api/queries';
import { useSession } from '../api/session';
import type { CartLine } from '../api/types';
import { Button } from '../ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '../ui/card';
import { Field } from '../ui/field';
import { Input, NativeSelect } from '../ui/input';
import { formatMoney } from '../ui/money';
import { Page } from '../ui/page';
import { ProductImage } from '../ui/product-image';
import { Skeleton } from '../ui/skeleton';
import { EmptyState, ErrorState } from '../ui/states';
import { useToast } from '../ui/toast';
import { countries } from './countries';
import { OrderSummary } from './order-summary';

/** The cart, with a live quote (promo code, destination) and the way to checkout. */
export function CartPage() {
  const cart = useCart();
  const { user } = useSession();
  const navigate = useNavigate();
  const [promo, setPromo] = useState<string>();
  const [promoText, setPromoText] = useState('');
  const [country, setCountry] = useState<string>('US');
  const quote = useQuote(cart.data, promo, country);
  const promoError =
    quote.error instanceof ApiError && promo !== undefined && quote.error.status < 500
      ? quote.error.message
      : undefined;

  const applyPromo = (event: SyntheticEvent) => {
    event.preventDefault();
    const code = promoText.trim().toUpperCase();
    setPromo(code === '' ? undefined : code);
  };
  const next = `/checkout?${new URLSearchParams({ country, ...(promo && !promoError ? { promo } : {}) })}`;

  if (cart.isError)
    return (
      <Page title="Your cart">
        <ErrorState error={cart.error} retry={() => void cart.refetch()} />
      </Page>
    );
  if (cart.isPending)
    return (
      <Page title="Your cart">
        <div className="grid gap-6 lg:grid-cols-[1fr_22rem]" aria-busy="true">
          <Skeleton className="h-64 w-full" />
          <Skeleton className="h-64 w-full" />
        </div>
      </Page>
    );
  if (cart.data.items.length === 0)
    return (
      <Page title="Your cart">
        <EmptyState
          title="Your cart is empty"
          action={
            <Button asChild>
              <Link to="/products">Start shopping</Link>
            </Button>
          }
        >
          Find something you like and add it here.
        </EmptyState>
      </Page>
    );

  const blocked = cart.data.items.some((line) => !line.purchasable || line.quantity > line.available);
  return (
    <Page title="Your cart">
      <div className="grid items-start gap-6 lg:grid-cols-[1fr_22rem]">
        <ul
          aria-label="Cart items"
          className="flex flex-col divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white"
        >
          {cart.data.items.map((line) => (
            <CartRow key={line.product_id} line={line} />
          ))}
        </ul>
        <Card>
          <CardHeader>
            <CardTitle>Order summary</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <Field label="Ship to">
              <NativeSelect value={country} onChange={(event) => setCountry(event.target.value)}>
                {countries.map(([code, name]) => (
                  <option key={code} value={code}>
                    {name}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <form onSubmit={applyPromo} className="flex items-end gap-2">
              <Field
                label="Promo code"
                error={promoError}
                className="flex-1"
                {...(quote.data?.promotion ? { hint: quote.data.promotion.description } : {})}
              >
                <Input
                  value={promoText}
                  onChange={(event) => setPromoText(event.target.value)}
                  placeholder="WELCOME10"
                  autoCapitalize="characters"
                />
              </Field>
              <Button
                type="submit"
                variant="outline"
                className={promoError ? 'mb-7' : quote.data?.promotion ? 'mb-5' : ''}
              >
                Apply
              </Button>
            </form>
            <OrderSummary
              quote={promoError ? undefined : quote.data}
              loading={quote.isFetching}
              error={quote.error}
            />
            {blocked && (
              <p role="alert" className="flex gap-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
                <AlertTriangle className="h-4 w-4 shrink-0" aria-hidden="true" />
                Some items are not available in the quantity asked: adjust them to check out.
              </p>
            )}
            <Button
              size="lg"
              variant="accent"
              disabled={blocked}
              onClick={() => void navigate(user ? next : `/sign-in?next=${encodeURIComponent(next)}`)}
            >
              {user ? 'Checkout' : 'Sign in to check out'}
            </Button>
          </CardContent>
        </Card>
      </div>
    </Page>
  );
}

function CartRow({ line }: { line: CartLine }) {
  const setQuantity = useSetQuantity();
  const remove = useRemoveLine();
  const notify = useToast();
  const busy = setQuantity.isPending || remove.isPending;
  const change = (quantity: number) =>
    setQuantity.mutate(
      { product_id: line.product_id, quantity },
      {
        onError: (error) =>
          notify('Could not change the quantity', { description: messageOf(error), tone: 'error' }),
      },
    );
  return (
    <li className="flex gap-4 p-4" data-testid="cart-line">
      <Link
        to={`/p/${line.slug}`}
        className="w-20 shrink-0 overflow-hidden rounded-lg sm:w-24"
        tabIndex={-1}
        aria-hidden="true"
      >
        <ProductImage src={line.image} name={line.name} />
      </Link>
      <div className="flex flex-1 flex-col gap-1">
        <div className="flex justify-between gap-3">
          <Link to={`/p/${line.slug}`} className="font-semibold hover:underline">
            {line.name}
          </Link>
          <span className="font-semibold">{formatMoney(line.line_total)}</span>
        </div>
        <p className="text-sm text-slate-600">{formatMoney(line.unit_price)} each</p>
        {line.price_changed_from && (
          <p className="text-sm text-amber-800">Price changed from {formatMoney(line.price_changed_from)}</p>
        )}
        {!line.purchasable ? (
          <p className="text-sm text-red-800">No longer available</p>
        ) : line.quantity > line.available ? (
          <p className="text-sm text-red-800">Only {line.available} in stock</p>
        ) : null}
        <div className="mt-2 flex items-center gap-2">
          <div
            className="flex items-center rounded-lg border border-slate-300"
            role="group"
            aria-label={`Quantity of ${line.name}`}
          >
            <Button
              variant="ghost"
              size="icon"
              aria-label="One less"
              disabled={busy || line.quantity <= 1}
              onClick={() => change(line.quantity - 1)}
            >
              <Minus className="h-4 w-4" aria-hidden="true" />
            </Button>
            <span className="w-8 text-center font-semibold" data-testid="line-quantity">
              {line.quantity}
            </span>
            <Button
              variant="ghost"
              size="icon"
              aria-label="One more"
              disabled={busy || line.quantity >= line.available}
              onClick={() => change(line.quantity + 1)}
            >
              <Plus className="h-4 w-4" aria-hidden="true" />
            </Button>
          </div>
          <Button
            variant="ghost"
            size="sm"
            disabled={busy}
            onClick={() => remove.mutate(line.product_id)}
            aria-label={`Remove ${line.name}`}
          >
            <Trash2 className="h-4 w-4" aria-hidden="true" /> Remove
          </Button>
        </div>
      </div>
    </li>
  );
}
