/**
 * Service-to-service shapes (`/internal/*` routes, never reachable through the gateway; callers send
 * a service token in `X-Service-Token`). Orders is their main caller: it reads live products, holds
 * stock in catalog and authorizes payments while it runs a checkout.
 */
import { Type, type Static } from '@sinclair/typebox';
import { CardNumber, Quantity } from './commerce.js';
import { Money, Timestamp, Uuid } from './dto.js';
import { Int4 } from './numbers.js';

/** `POST /internal/products/lookup` (catalog): live facts about up to 100 products. */
export const ProductLookupRequest = Type.Object({
  ids: Type.Array(Uuid, { minItems: 1, maxItems: 100, uniqueItems: true }),
});
export type ProductLookupRequest = Static<typeof ProductLookupRequest>;

/** What a cart or a checkout needs to know about a product, read from the catalog's database. */
export const ProductSnapshot = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  sku: Type.String(),
  price: Money,
  /** Available to sell now (reservations already taken out). */
  stock_qty: Type.Integer({ minimum: 0 }),
  image: Type.Union([Type.String(), Type.Null()]),
  /** False when inactive or deleted: it cannot be bought. */
  purchasable: Type.Boolean(),
});
export type ProductSnapshot = Static<typeof ProductSnapshot>;

/** Ids that do not exist at all are left out of `items` and listed in `missing`. */
export const ProductLookupResult = Type.Object({
  items: Type.Array(ProductSnapshot),
  missing: Type.Array(Uuid),
});
export type ProductLookupResult = Static<typeof ProductLookupResult>;

export const ReservationStatus = Type.Union([
  Type.Literal('held'),
  Type.Literal('committed'),
  Type.Literal('released'),
  Type.Literal('expired'),
  Type.Literal('returned'),
]);
export type ReservationStatus = Static<typeof ReservationStatus>;

/**
 * `POST /internal/reservations` (catalog): hold stock for an order, all lines or none. The id is the
 * order's id, so a retried call finds the hold it already made instead of taking stock twice.
 * Errors: 409 `OUT_OF_STOCK` (details: `{ product_id, requested, available }`), 422
 * `PRODUCT_UNAVAILABLE` (unknown, inactive or deleted; details: `{ product_id }`).
 */
export const ReservationRequest = Type.Object({
  reservation_id: Uuid,
  items: Type.Array(Type.Object({ product_id: Uuid, quantity: Quantity }), { minItems: 1, maxItems: 100 }),
  /** How long the hold lasts before it is released by itself; the catalog's default when absent. */
  ttl_seconds: Type.Optional(Int4({ minimum: 1, maximum: 3600 })),
});
export type ReservationRequest = Static<typeof ReservationRequest>;

/**
 * A hold on stock. `held` until `commit` (sold: `committed`), `release` (`released`), or its expiry
 * (`expired`, stock back); `return` gives a committed reservation's stock back (`returned`, after a
 * cancellation or refund). Every transition is idempotent: repeating it answers the same.
 * `commit` on an expired hold takes the stock again if it is still there, else 409 `RESERVATION_EXPIRED`.
 */
export const Reservation = Type.Object({
  reservation_id: Uuid,
  status: ReservationStatus,
  items: Type.Array(Type.Object({ product_id: Uuid, quantity: Quantity })),
  expires_at: Timestamp,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Reservation = Static<typeof Reservation>;

/**
 * `POST /internal/payments/authorize` (payments): authorize an order's amount on a card. Idempotent by
 * `order_id`: a repeat returns the payment the first call made (approved or declined), and an order
 * whose payment was voided first (see `PaymentVoidRequest`) is never authorized afterwards.
 * Answers 201 with the authorized payment, 200 on a repeat, 402 `PAYMENT_DECLINED` (details:
 * `{ reason, payment_id }`), 502 `PAYMENT_PROVIDER_ERROR`.
 */
export const PaymentAuthorizeRequest = Type.Object({
  order_id: Uuid,
  customer_id: Uuid,
  amount: Money,
  card_number: CardNumber,
});
export type PaymentAuthorizeRequest = Static<typeof PaymentAuthorizeRequest>;

/**
 * `POST /internal/payments/void` (payments): cancel an order's authorization, by order id. Voiding an
 * order that has no payment yet records a void, so an authorization that arrives late (a caller's
 * timeout) is refused: a checkout that gave up can never be charged. Capturing a voided payment is a
 * 409 `PAYMENT_VOIDED`; voiding a captured one is a 409 `PAYMENT_CAPTURED` (refund it instead).
 * `GET /internal/payments/by-order/{order_id}` answers the order's `Payment` (404 when none), for recovery.
 */
export const PaymentVoidRequest = Type.Object({
  order_id: Uuid,
  reason: Type.Optional(Type.String({ maxLength: 200 })),
});
export type PaymentVoidRequest = Static<typeof PaymentVoidRequest>;

/**
 * `POST /internal/payments/refund` (payments): refund part or all of an order's captured payment, for
 * orders' own cancellations. `refund_id` makes it idempotent; without `amount`, what remains is refunded.
 */
export const PaymentRefundRequest = Type.Object({
  order_id: Uuid,
  refund_id: Uuid,
  amount: Type.Optional(Money),
  reason: Type.Optional(Type.String({ maxLength: 200 })),
});
export type PaymentRefundRequest = Static<typeof PaymentRefundRequest>;
