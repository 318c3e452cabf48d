import { Type, type Static } from '@bodega/config';
import { serviceConfig } from '@bodega/kit';

/** Orders' configuration: the kit's common keys plus its own. */
export const ordersConfigSchema = serviceConfig(8104, {
  CATALOG_URL: Type.String({
    pattern: '^https?://',
    default: 'http://127.0.0.1:8102',
    description: 'Where catalog answers its internal routes (product lookup, stock reservations)',
  }),
  PAYMENTS_URL: Type.String({
    pattern: '^https?://',
    default: 'http://127.0.0.1:8105',
    description: 'Where payments answers its internal routes (authorize, capture, void, refund)',
  }),
  CATALOG_TIMEOUT_MS: Type.Integer({
    minimum: 50,
    maximum: 60_000,
    default: 2_000,
    description: 'How long one call to catalog may take before it counts as failed',
  }),
  PAYMENTS_TIMEOUT_MS: Type.Integer({
    minimum: 50,
    maximum: 60_000,
    default: 3_000,
    description:
      'How long one call to payments may take; an authorization slower than this is voided and the checkout answers 503',
  }),
  RESERVATION_TTL_SECONDS: Type.Integer({
    minimum: 30,
    maximum: 3_600,
    default: 600,
    description: 'How long catalog holds the stock of a checkout before releasing it by itself',
  }),
  RECOVERY_INTERVAL_MS: Type.Integer({
    minimum: 100,
    maximum: 86_400_000,
    default: 10_000,
    description:
      'How often the recovery job looks for checkouts left half-done (a crash, a failed compensation)',
  }),
  RECOVERY_STALE_AFTER_MS: Type.Integer({
    minimum: 1_000,
    maximum: 86_400_000,
    default: 30_000,
    description:
      'A pending order untouched this long is finished or compensated by recovery; far above a whole checkout',
  }),
  SHIPPING_FLAT_AMOUNT: Type.Integer({
    minimum: 0,
    maximum: 100_000_000,
    default: 599,
    description: 'Shipping charged per order, in minor units',
  }),
  SHIPPING_FREE_ABOVE: Type.Integer({
    minimum: 0,
    maximum: 100_000_000,
    default: 5_000,
    description: 'Shipping is free when subtotal minus discount reaches this, in minor units',
  }),
  TAX_DEFAULT_RATE_BPS: Type.Integer({
    minimum: 0,
    maximum: 10_000,
    default: 0,
    description: 'Tax rate (basis points) for a country missing from the tax_rates table, or no country',
  }),
  IDEMPOTENCY_WAIT_MS: Type.Integer({
    minimum: 0,
    maximum: 60_000,
    default: 10_000,
    description:
      'How long a request waits for a concurrent one with the same Idempotency-Key before answering 409 IDEMPOTENCY_IN_PROGRESS',
  }),
  DEMO_PROMOTIONS: Type.Boolean({
    default: true,
    description:
      'Embedded mode only: seed WELCOME10 (10% off) and SAVE5 (5.00 off from 25.00) when no promotion exists',
  }),
});

export type OrdersConfig = Static<typeof ordersConfigSchema>;
