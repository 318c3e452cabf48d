import { ApiError } from '@bodega/client';
import { Type, type Static } from '@sinclair/typebox';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Lock } from 'lucide-react';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useApi } from '../api/context';
import { messageOf } from '../api/errors';
import { useCart, useQuote } from '../api/queries';
import { useSession } from '../api/session';
import { Button } from '../ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '../ui/card';
import { Field } from '../ui/field';
import { applyServerErrors, typeboxResolver } from '../ui/form';
import { Input, NativeSelect } from '../ui/input';
import { Page } from '../ui/page';
import { EmptyState } from '../ui/states';
import { countries } from './countries';
import { OrderSummary } from './order-summary';
import { useReportOnce } from '../analytics/use-report';

/** The simulated provider's documented numbers (services/payments/README.md). */
export const testCards = [
  ['4242 4242 4242 4242', 'approved'],
  ['4000 0000 0000 0002', 'declined'],
  ['4000 0000 0000 9995', 'insufficient funds'],
  ['4000 0000 0000 0259', 'too slow to answer'],
] as const;

const required = (what: string, max = 200) =>
  Type.String({ minLength: 1, maxLength: max, pattern: '\\S', errorMessage: `Enter ${what}` });

export const CheckoutForm = Type.Object({
  name: required('the name on the parcel'),
  line1: required('the street address'),
  line2: Type.String({ maxLength: 200 }),
  city: required('the city', 100),
  postal_code: required('the postal code', 20),
  country: Type.String({ pattern: '^[A-Z]{2}$', errorMessage: 'Choose a country' }),
  card_number: Type.String({
    pattern: '^[0-9 ]{12,23}$',
    errorMessage: 'Enter the card number: 12 to 19 digits',
  }),
});
export type CheckoutValues = Static<typeof CheckoutForm>;

/** Where a failed checkout's message goes: a field, or the banner. */
interface Failure {
  title: string;
  message: string;
  action?: { to: string; label: string };
}

function failureOf(error: unknown): Failure | undefined {
  if (!(error instanceof ApiError)) return { title: 'Your order was not placed', message: messageOf(error) };
  switch (error.code) {
    case 'PAYMENT_DECLINED':
      return undefined; // shown on the card field
    case 'OUT_OF_STOCK':
    case 'PRODUCT_UNAVAILABLE':
      return {
        title: 'Something in your cart just sold out',
        message: `${error.message}. Nothing was charged.`,
        action: { to: '/cart', label: 'Review your cart' },
      };
    case 'PRICE_CHANGED':
      return {
        title: 'Prices changed',
        message:
          'Some prices changed since you added these items. Check the new total, then place the order again.',
      };
    case 'CART_EMPTY':
      return {
        title: 'Your cart is empty',
        message: error.message,
        action: { to: '/products', label: 'Keep shopping' },
      };
    default:
      return { title: 'Your order was not placed', message: messageOf(error) };
  }
}

/**
 * Checkout: shipping address and card, the live total, and one order per attempt. Each attempt has
 * its own Idempotency-Key, kept when the attempt got no answer (network error, timeout) so that trying
 * again cannot charge twice; the button is disabled while an attempt is in flight.
 */
export function CheckoutPage() {
  const bodega = useApi();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const { user } = useSession();
  const [params] = useSearchParams();
  const promo = params.get('promo') ?? undefined;
  const cart = useCart();
  const attemptKey = useRef<string | undefined>(undefined);
  const [failure, setFailure] = useState<Failure>();
  const form = useForm<CheckoutValues>({
    resolver: typeboxResolver(CheckoutForm),
    defaultValues: {
      name: user?.name ?? '',
      line1: '',
      line2: '',
      city: '',
      postal_code: '',
      country: params.get('country') ?? 'US',
      card_number: '',
    },
  });
  const country = form.watch('country');
  const quote = useQuote(cart.data, promo, country);
  const lines = cart.data?.items.length ?? 0;
  useReportOnce(lines > 0 ? 'checkout' : undefined, () => ({
    type: 'begin_checkout',
    properties: { lines },
  }));

  const place = useMutation({
    mutationFn: ({ key, values }: { key: string; values: CheckoutValues }) =>
      bodega.checkout(
        {
          payment: { card_number: values.card_number },
          ...(promo ? { promo_code: promo } : {}),
          shipping_address: {
            name: values.name.trim(),
            line1: values.line1.trim(),
            ...(values.line2.trim() ? { line2: values.line2.trim() } : {}),
            city: values.city.trim(),
            postal_code: values.postal_code.trim(),
            country: values.country,
          },
        },
        { idempotencyKey: key },
      ),
    onSuccess: async (order) => {
      attemptKey.current = undefined;
      queries.setQueryData(['order', order.id], order);
      await queries.invalidateQueries({ queryKey: ['cart'] });
      void queries.invalidateQueries({ queryKey: ['orders'] });
      void navigate(`/orders/${order.id}?placed=1`, { replace: true });
    },
    onError: (error) => {
      // No answer: the same attempt may be retried under its key. An answer: the next try is a new attempt.
      const answered = error instanceof ApiError && error.status < 500;
      if (answered) attemptKey.current = undefined;
      if (error instanceof ApiError && error.code === 'PAYMENT_DECLINED') {
        form.setError(
          'card_number',
          { type: 'server', message: `${error.message}. Try another card.` },
          { shouldFocus: true },
        );
      } else if (error instanceof ApiError && error.code === 'PRICE_CHANGED') {
        void queries.invalidateQueries({ queryKey: ['cart'] });
      } else if (
        applyServerErrors(
          error,
          form.setError,
          ['name', 'line1', 'line2', 'city', 'postal_code', 'country', 'card_number'],
          {
            'payment.card_number': 'card_number',
            'shipping_address.name': 'name',
            'shipping_address.line1': 'line1',
            'shipping_address.line2': 'line2',
            'shipping_address.city': 'city',
            'shipping_address.postal_code': 'postal_code',
            'shipping_address.country': 'country',
          },
        )
      ) {
        return;
      }
      setFailure(failureOf(error));
    },
  });

  if (cart.data && cart.data.items.length === 0 && !place.isSuccess)
    return (
      <Page title="Checkout">
        <EmptyState
          title="Your cart is empty"
          action={
            <Button asChild>
              <Link to="/products">Keep shopping</Link>
            </Button>
          }
        >
          Add something to your cart before checking out.
        </EmptyState>
      </Page>
    );

  const { errors } = form.formState;
  return (
    <Page title="Checkout">
      <form
        noValidate
        aria-label="Checkout"
        className="grid items-start gap-6 lg:grid-cols-[1fr_22rem]"
        onSubmit={form.handleSubmit((values) => {
          if (place.isPending) return;
          setFailure(undefined);
          attemptKey.current ??= crypto.randomUUID();
          place.mutate({ key: attemptKey.current, values });
        })}
      >
        <div className="flex flex-col gap-6">
          {failure && (
            <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-red-900">
              <p className="font-semibold">{failure.title}</p>
              <p className="mt-1 text-sm">{failure.message}</p>
              {failure.action && (
                <Link to={failure.action.to} className="mt-2 inline-block text-sm font-semibold underline">
                  {failure.action.label}
                </Link>
              )}
            </div>
          )}
          <Card>
            <CardHeader>
              <CardTitle>Shipping address</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4 sm:grid-cols-2">
              <Field label="Full name" error={errors.name?.message} className="sm:col-span-2">
                <Input autoComplete="name" {...form.register('name')} />
              </Field>
              <Field label="Address" error={errors.line1?.message} className="sm:col-span-2">
                <Input autoComplete="address-line1" {...form.register('line1')} />
              </Field>
              <Field
                label="Apartment, suite (optional)"
                error={errors.line2?.message}
                className="sm:col-span-2"
              >
                <Input autoComplete="address-line2" {...form.register('line2')} />
              </Field>
              <Field label="City" error={errors.city?.message}>
                <Input autoComplete="address-level2" {...form.register('city')} />
              </Field>
              <Field label="Postal code" error={errors.postal_code?.message}>
                <Input autoComplete="postal-code" {...form.register('postal_code')} />
              </Field>
              <Field label="Country" error={errors.country?.message} className="sm:col-span-2">
                <NativeSelect autoComplete="country" {...form.register('country')}>
                  {countries.map(([code, name]) => (
                    <option key={code} value={code}>
                      {name}
                    </option>
                  ))}
                </NativeSelect>
              </Field>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Payment</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-3">
              <Field label="Card number" error={errors.card_number?.message}>
                <Input
                  inputMode="numeric"
                  autoComplete="cc-number"
                  placeholder="4242 4242 4242 4242"
                  {...form.register('card_number')}
                />
              </Field>
              <details className="text-sm text-slate-700">
                <summary className="cursor-pointer font-medium">Test cards</summary>
                <ul className="mt-2 flex flex-col gap-1">
                  {testCards.map(([number, outcome]) => (
                    <li key={number}>
                      <code className="rounded bg-slate-100 px-1.5 py-0.5">{number}</code> {outcome}
                    </li>
                  ))}
                </ul>
              </details>
            </CardContent>
          </Card>
        </div>
        <Card className="lg:sticky lg:top-32">
          <CardHeader>
            <CardTitle>Order summary</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <ul className="flex flex-col gap-1 text-sm">
              {(cart.data?.items ?? []).map((line) => (
                <li key={line.product_id} className="flex justify-between gap-2">
                  <span className="truncate">
                    {line.quantity} × {line.name}
                  </span>
                </li>
              ))}
            </ul>
            <OrderSummary quote={quote.data} loading={quote.isFetching} error={quote.error} />
            <Button type="submit" size="lg" variant="accent" pending={place.isPending} disabled={!cart.data}>
              <Lock className="h-4 w-4" aria-hidden="true" />
              {place.isPending ? 'Placing order…' : 'Place order'}
            </Button>
          </CardContent>
        </Card>
      </form>
    </Page>
  );
}
