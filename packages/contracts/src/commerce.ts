/**
 * The shapes of buying (ARCHITECTURE "Shapes that clients rely on"): carts, quotes, orders, payments
 * and promotions. Orders and payments validate and document with these; the web app and the typed
 * client read the same ones.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Money, Timestamp, Uuid } from './dto.js';
import { Int4, Int8 } from './numbers.js';

/** How many of one product a line holds: a whole number, at least 1, at most 999. */
export const Quantity = Int4({ minimum: 1, maximum: 999, description: 'Units, a whole number' });

/**
 * A simulated card number: 12 to 19 digits (spaces and dashes allowed, ignored). Which numbers
 * approve, decline or fail is documented by the payments service (`services/payments/README.md`).
 */
export const CardNumber = Type.String({
  pattern: '^[0-9][0-9 -]{10,22}[0-9]$',
  description: 'Test card number, e.g. 4242 4242 4242 4242',
});

/** Where an order goes; `country` (ISO 3166-1 alpha-2) chooses the tax rate. */
export const ShippingAddress = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  line1: Type.String({ minLength: 1, maxLength: 200 }),
  line2: Type.Optional(Type.String({ maxLength: 200 })),
  city: Type.String({ minLength: 1, maxLength: 100 }),
  region: Type.Optional(Type.String({ maxLength: 100, description: 'State or province' })),
  postal_code: Type.String({ minLength: 1, maxLength: 20 }),
  country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
});
export type ShippingAddress = Static<typeof ShippingAddress>;

/** A cart line as the shopper sees it: live name, price and availability from the catalog. */
export const CartLine = Type.Object({
  product_id: Uuid,
  quantity: Quantity,
  name: Type.String(),
  slug: Type.String(),
  image: Type.Union([Type.String(), Type.Null()]),
  unit_price: Money,
  line_total: Money,
  /** What the catalog can sell now; below `quantity` means the line cannot be checked out as is. */
  available: Type.Integer({ minimum: 0 }),
  /** False when the product was deactivated or deleted since it was added. */
  purchasable: Type.Boolean(),
  /** The price when the line was added, if it changed since (shown, never silently charged). */
  price_changed_from: Type.Union([Money, Type.Null()]),
});
export type CartLine = Static<typeof CartLine>;

/** A cart: a signed-in customer's, or a guest's reached by its cart token. */
export const Cart = Type.Object({
  id: Uuid,
  customer_id: Type.Union([Uuid, Type.Null()]),
  items: Type.Array(CartLine),
  subtotal: Money,
  item_count: Type.Integer({ minimum: 0 }),
  /**
   * A guest cart's token, to send back as `X-Cart-Token` (also in the response header of that name).
   * Null for a customer's cart. Anyone holding it reaches the cart: keep it like a session cookie.
   */
  cart_token: Type.Union([Type.String(), Type.Null()]),
  updated_at: Timestamp,
});
export type Cart = Static<typeof Cart>;

/** The price calculator's result: every figure in the same currency, integer minor units. */
export const Totals = Type.Object({
  subtotal: Money,
  discount: Money,
  tax: Money,
  shipping: Money,
  total: Money,
});
export type Totals = Static<typeof Totals>;

export const QuoteLine = Type.Object({
  product_id: Uuid,
  quantity: Quantity,
  unit_price: Money,
  line_total: Money,
});
export type QuoteLine = Static<typeof QuoteLine>;

export const Quote = Type.Object({
  lines: Type.Array(QuoteLine),
  totals: Totals,
  /** The promotion applied, if a code was given and it applies. */
  promotion: Type.Union([Type.Object({ code: Type.String(), description: Type.String() }), Type.Null()]),
  /** The tax rate applied, in basis points (825 = 8.25%). */
  tax_rate_bps: Type.Integer({ minimum: 0 }),
});
export type Quote = Static<typeof Quote>;

export const OrderStatus = Type.Union(
  [
    Type.Literal('pending'),
    Type.Literal('paid'),
    Type.Literal('shipped'),
    Type.Literal('delivered'),
    Type.Literal('cancelled'),
    Type.Literal('refunded'),
  ],
  { description: 'pending -> paid -> shipped -> delivered; cancelled and refunded end an order' },
);
export type OrderStatus = Static<typeof OrderStatus>;

export const OrderLine = Type.Object({
  product_id: Uuid,
  name: Type.String(),
  sku: Type.String(),
  quantity: Quantity,
  unit_price: Money,
  line_total: Money,
});
export type OrderLine = Static<typeof OrderLine>;

/** One step of an order's life: who moved it where, when and why. */
export const OrderHistoryEntry = Type.Object({
  status: OrderStatus,
  at: Timestamp,
  /** The user who made the change; null when the platform did (checkout, recovery, expiry). */
  by: Type.Union([Uuid, Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type OrderHistoryEntry = Static<typeof OrderHistoryEntry>;

export const Order = Type.Object({
  id: Uuid,
  customer_id: Uuid,
  status: OrderStatus,
  items: Type.Array(OrderLine),
  totals: Totals,
  promo_code: Type.Union([Type.String(), Type.Null()]),
  shipping_address: Type.Union([ShippingAddress, Type.Null()]),
  payment_id: Type.Union([Uuid, Type.Null()]),
  /** Why a cancelled order was cancelled (`out_of_stock`, `payment_declined`, ...). */
  cancel_reason: Type.Union([Type.String(), Type.Null()]),
  history: Type.Array(OrderHistoryEntry),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Order = Static<typeof Order>;

export const PaymentStatus = Type.Union(
  [
    Type.Literal('authorized'),
    Type.Literal('captured'),
    Type.Literal('declined'),
    Type.Literal('voided'),
    Type.Literal('partially_refunded'),
    Type.Literal('refunded'),
  ],
  { description: 'authorized -> captured -> (partially_)refunded; authorized -> voided; declined' },
);
export type PaymentStatus = Static<typeof PaymentStatus>;

export const Refund = Type.Object({
  id: Uuid,
  amount: Money,
  reason: Type.Union([Type.String(), Type.Null()]),
  created_at: Timestamp,
});
export type Refund = Static<typeof Refund>;

export const Payment = Type.Object({
  id: Uuid,
  order_id: Uuid,
  customer_id: Uuid,
  status: PaymentStatus,
  amount: Money,
  captured: Money,
  refunded: Money,
  /** The card's last four digits; the number itself is never stored. */
  card_last4: Type.String({ pattern: '^[0-9]{4}$' }),
  /** Why it was declined (`card_declined`, `insufficient_funds`); null otherwise. */
  decline_reason: Type.Union([Type.String(), Type.Null()]),
  refunds: Type.Array(Refund),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Payment = Static<typeof Payment>;

/** A promotion code, as managers define it (`POST /promotions`). */
export const Promotion = Type.Object({
  code: Type.String({ pattern: '^[A-Z0-9_-]{3,32}$', description: 'Upper case, e.g. WELCOME10' }),
  description: Type.String({ maxLength: 200 }),
  kind: Type.Union([Type.Literal('percentage'), Type.Literal('fixed')]),
  /** Percentage in basis points (1000 = 10%) or a fixed amount in minor units. */
  value: Int4({ minimum: 1 }),
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  min_subtotal: Int8({ minimum: 0, description: 'Minor units; 0 for none' }),
  starts_at: Type.Union([Timestamp, Type.Null()]),
  ends_at: Type.Union([Timestamp, Type.Null()]),
  max_uses: Type.Union([Int4({ minimum: 1 }), Type.Null()]),
  max_uses_per_customer: Type.Union([Int4({ minimum: 1 }), Type.Null()]),
  uses: Int4({ minimum: 0 }),
  active: Type.Boolean(),
});
export type Promotion = Static<typeof Promotion>;
