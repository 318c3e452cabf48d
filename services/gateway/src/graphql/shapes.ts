/**
 * Shapes GraphQL needs that `@bodega/contracts` does not hold: request bodies and a few answers each
 * service declares next to its routes (the gateway may not import a service). They are built from the
 * contracts' pieces and carry names and types only; lengths and patterns stay with the owning service,
 * which answers `VALIDATION_ERROR`. tests/graphql-contract.test.ts checks every one against the merged
 * OpenAPI document the services generate, so a renamed or new field fails CI instead of drifting.
 */
import { Type } from '@sinclair/typebox';
import {
  CardNumber,
  Money,
  OrderStatus,
  PaymentStatus,
  ProductAttributes,
  ProductImages,
  Quantity,
  ReviewStatus,
  Role,
  SearchHit,
  ShippingAddress,
  Timestamp,
  Uuid,
} from '@bodega/contracts';

const Limit = (maximum: number, byDefault: number) =>
  Type.Integer({ minimum: 1, maximum, default: byDefault });
const Cursor = Type.Optional(Type.String({ description: 'next_cursor of the previous page' }));

/** identity's user (`GET /me`, `GET /users`). */
export const User = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  role: Role,
  active: Type.Boolean({ description: 'A deactivated user can neither sign in nor use their tokens' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});

/** What login and refresh answer. */
export const Session = Type.Object({
  access_token: Type.String({ description: 'EdDSA JWT, valid for expires_in seconds' }),
  refresh_token: Type.String({ description: 'Opaque; single use: each refresh returns the next one' }),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the access token expires' }),
  user: User,
});

export const RegisterInput = Type.Object({
  email: Type.String(),
  password: Type.String({ description: 'At least 10 characters, at most 256' }),
  name: Type.Optional(Type.String()),
});
export const LoginInput = Type.Object({ email: Type.String(), password: Type.String() });

export const ListUsersArgs = Type.Object({
  limit: Limit(100, 20),
  cursor: Cursor,
  email: Type.Optional(Type.String({ description: 'Part of the email, case-insensitive' })),
  role: Type.Optional(Role),
});

export const ListProductsArgs = Type.Object({
  limit: Limit(100, 20),
  cursor: Cursor,
  category: Type.Optional(Type.String({ description: "The category's slug" })),
  min_price: Type.Optional(Type.Integer({ minimum: 0, description: 'Minor units, inclusive' })),
  max_price: Type.Optional(Type.Integer({ minimum: 0, description: 'Minor units, inclusive' })),
  in_stock: Type.Optional(Type.Boolean({ description: 'true: stock_qty > 0; false: sold out' })),
  include_inactive: Type.Optional(Type.Boolean({ description: 'Managers and admins only' })),
});

const ProductFields = {
  slug: Type.Optional(Type.String()),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  category: Type.String({ description: "The category's slug" }),
  sku: Type.String(),
  price: Money,
  stock_qty: Type.Integer({ minimum: 0 }),
  images: Type.Optional(ProductImages),
  attributes: Type.Optional(ProductAttributes),
  active: Type.Optional(Type.Boolean()),
};
export const ProductInput = Type.Object(ProductFields);
export const ProductPatch = Type.Partial(Type.Object(ProductFields));

export const ListReviewsArgs = Type.Object({
  limit: Limit(100, 20),
  cursor: Cursor,
  status: Type.Union([Type.Literal('visible'), Type.Literal('hidden'), Type.Literal('all')], {
    default: 'visible',
    description: 'Which reviews: HIDDEN and ALL are for managers and admins only',
  }),
});
const Stars = Type.Integer({ minimum: 1, maximum: 5 });
export const ReviewInput = Type.Object({
  rating: Stars,
  title: Type.String(),
  body: Type.Optional(Type.String()),
});
export const ReviewPatch = Type.Object({
  rating: Type.Optional(Stars),
  title: Type.Optional(Type.String()),
  body: Type.Optional(Type.String()),
  status: Type.Optional(ReviewStatus),
});

export const SearchArgs = Type.Object({
  q: Type.Optional(Type.String({ description: 'Words to find; empty or absent browses everything' })),
  category: Type.Optional(Type.String({ description: 'A category slug' })),
  min_price: Type.Optional(Type.Integer({ minimum: 0, description: 'Lowest price, minor units, inclusive' })),
  max_price: Type.Optional(
    Type.Integer({ minimum: 0, description: 'Highest price, minor units, inclusive' }),
  ),
  in_stock: Type.Optional(Type.Boolean({ description: 'true: only with stock; false: only without' })),
  sort: Type.Optional(
    Type.Union(
      ['relevance', 'price_asc', 'price_desc', 'newest', 'popularity', 'rating'].map((sort) =>
        Type.Literal(sort),
      ),
      { description: 'Default: relevance with words, popularity without' },
    ),
  ),
  limit: Limit(100, 20),
  cursor: Cursor,
});

export const RecommendationArgs = Type.Object({
  product_id: Type.Optional(Uuid),
  customer_id: Type.Optional(Uuid),
  limit: Limit(50, 10),
});
export const Recommendations = Type.Object({
  items: Type.Array(SearchHit),
  strategy: Type.Union(
    [
      Type.Literal('bought_together'),
      Type.Literal('viewed_together'),
      Type.Literal('personal'),
      Type.Literal('popular'),
    ],
    { description: 'Where the first (strongest) items come from; the rest tops up with popular products' },
  ),
});

const Line = Type.Object({ product_id: Uuid, quantity: Quantity });
export const CartItemInput = Line;
export const QuoteInput = Type.Object({
  items: Type.Array(Line),
  promo_code: Type.Optional(Type.String()),
  country: Type.Optional(Type.String({ description: 'ISO 3166-1 alpha-2; chooses the tax rate' })),
});
/** How an order is paid: a (simulated) card. */
export const CardPayment = Type.Object({ card_number: CardNumber });
const CheckoutFields = {
  payment: CardPayment,
  promo_code: Type.Optional(Type.String()),
  shipping_address: Type.Optional(ShippingAddress),
};
export const CheckoutInput = Type.Object(CheckoutFields);
export const PlaceOrderInput = Type.Object({ items: Type.Array(Line), ...CheckoutFields });

export const ListOrdersArgs = Type.Object({
  limit: Limit(100, 20),
  cursor: Cursor,
  status: Type.Optional(OrderStatus),
  customer_id: Type.Optional(Uuid),
});

export const ListPaymentsArgs = Type.Object({
  limit: Limit(100, 20),
  cursor: Cursor,
  order_id: Type.Optional(Uuid),
  status: Type.Optional(PaymentStatus),
});
export const RefundInput = Type.Object({
  amount: Type.Optional(Money),
  reason: Type.Optional(Type.String()),
});
