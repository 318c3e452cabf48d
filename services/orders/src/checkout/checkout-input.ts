import { Type, type Static } from '@sinclair/typebox';
import { CardNumber, ShippingAddress } from '@bodega/contracts';
import { Items, PromoCodeInput } from '../quotes/quote.js';

const Payment = Type.Object({ card_number: CardNumber }, { additionalProperties: false });
const Address = Type.Object(ShippingAddress.properties, { additionalProperties: false });

/** POST /orders: items bought at once, without a cart. */
export const PlaceOrderInput = Type.Object(
  {
    items: Items,
    payment: Payment,
    promo_code: Type.Optional(PromoCodeInput),
    shipping_address: Type.Optional(Address),
  },
  { additionalProperties: false },
);
export type PlaceOrderInput = Static<typeof PlaceOrderInput>;

/** POST /checkout: the signed-in customer's cart. */
export const CheckoutInput = Type.Object(
  {
    payment: Payment,
    promo_code: Type.Optional(PromoCodeInput),
    shipping_address: Type.Optional(Address),
  },
  { additionalProperties: false },
);
export type CheckoutInput = Static<typeof CheckoutInput>;
