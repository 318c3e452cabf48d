import type { Static } from '@sinclair/typebox';
import {
  GraphQLID,
  GraphQLInt,
  GraphQLNonNull,
  GraphQLString,
  type GraphQLScalarType,
} from './graphql-js.js';
import { field, pageCost, segment, type Field, type FieldMap } from './fields.js';
import { CartItemInput, CheckoutInput, ListOrdersArgs, PlaceOrderInput, QuoteInput } from './shapes.js';
import type { Types } from './types.js';

const required = (type: GraphQLScalarType) => ({ type: new GraphQLNonNull(type) });
const idempotencyKey = {
  type: new GraphQLNonNull(GraphQLString),
  description:
    'The Idempotency-Key: a retry with the same key answers the first outcome and places nothing new',
};

/** Carts, orders (orders). A guest's cart travels in the request's `X-Cart-Token` header, as in REST. */
export function ordersQueries({ mapper, ...types }: Types): FieldMap {
  return {
    cart: field({
      type: types.Cart,
      description: "The caller's cart (signed in, or a guest's by X-Cart-Token), with live prices",
      resolve: (_source, _args, context) => context.call('orders', { path: '/api/v1/cart' }),
    }),
    orders: field<unknown, Static<typeof ListOrdersArgs>>({
      type: types.OrderPage,
      description: 'My orders, newest first; every order for managers and admins',
      args: mapper.args(ListOrdersArgs, 'Orders'),
      extensions: pageCost(),
      resolve: (_source, args, context) => context.call('orders', { path: '/api/v1/orders', query: args }),
    }),
    order: field<unknown, { id: string }>({
      type: types.Order,
      description: 'One order (its customer, managers and admins)',
      args: { id: required(GraphQLID) },
      resolve: (_source, args, context) =>
        context.call('orders', { path: `/api/v1/orders/${segment(args.id)}` }),
    }),
  };
}

/** `POST /orders/{id}/status` with one target status: shipping and delivering are separate mutations. */
function statusChange(types: Types, status: 'shipped' | 'delivered', description: string): Field {
  return field<unknown, { id: string; reason?: string }>({
    type: types.Order,
    description,
    args: { id: required(GraphQLID), reason: { type: GraphQLString } },
    resolve: (_source, { id, reason }, context) =>
      context.call('orders', {
        method: 'POST',
        path: `/api/v1/orders/${segment(id)}/status`,
        body: { status, ...(reason == null ? {} : { reason }) },
      }),
  });
}

export function ordersMutations(types: Types): FieldMap {
  const { mapper } = types;
  const productId = required(GraphQLID);
  return {
    addToCart: field<unknown, { input: Static<typeof CartItemInput> }>({
      type: types.Cart,
      description: 'Add units of a product; a guest without a cart gets one (keep its cart_token)',
      args: { input: { type: mapper.input(CartItemInput, 'CartItemInput') } },
      resolve: (_source, { input }, context) =>
        context.call('orders', { method: 'POST', path: '/api/v1/cart/items', body: input }),
    }),
    updateCartItem: field<unknown, { product_id: string; quantity: number }>({
      type: types.Cart,
      description: "Set a line's quantity",
      args: { product_id: productId, quantity: required(GraphQLInt) },
      resolve: (_source, args, context) =>
        context.call('orders', {
          method: 'PATCH',
          path: `/api/v1/cart/items/${segment(args.product_id)}`,
          body: { quantity: args.quantity },
        }),
    }),
    removeFromCart: field<unknown, { product_id: string }>({
      type: types.Cart,
      description: 'Take a product out of the cart',
      args: { product_id: productId },
      resolve: (_source, args, context) =>
        context.call('orders', { method: 'DELETE', path: `/api/v1/cart/items/${segment(args.product_id)}` }),
    }),
    quote: field<unknown, { input: Static<typeof QuoteInput> }>({
      type: types.Quote,
      description: 'Price lines with an optional promotion code and destination country',
      args: { input: { type: mapper.input(QuoteInput, 'QuoteInput') } },
      resolve: (_source, { input }, context) =>
        context.call('orders', { method: 'POST', path: '/api/v1/pricing/quote', body: input }),
    }),
    checkout: field<unknown, { idempotency_key: string; input: Static<typeof CheckoutInput> }>({
      type: types.Order,
      description: "Check out the signed-in customer's cart",
      args: {
        idempotency_key: idempotencyKey,
        input: { type: mapper.input(CheckoutInput, 'CheckoutInput') },
      },
      resolve: (_source, args, context) =>
        context.call('orders', {
          method: 'POST',
          path: '/api/v1/checkout',
          headers: { 'idempotency-key': args.idempotency_key },
          body: args.input,
        }),
    }),
    placeOrder: field<unknown, { idempotency_key: string; input: Static<typeof PlaceOrderInput> }>({
      type: types.Order,
      description: 'Place an order for items, without a cart',
      args: {
        idempotency_key: idempotencyKey,
        input: { type: mapper.input(PlaceOrderInput, 'PlaceOrderInput') },
      },
      resolve: (_source, args, context) =>
        context.call('orders', {
          method: 'POST',
          path: '/api/v1/orders',
          headers: { 'idempotency-key': args.idempotency_key },
          body: args.input,
        }),
    }),
    cancelOrder: field<unknown, { id: string; reason?: string }>({
      type: types.Order,
      description:
        'Cancel a paid order: refunded in full, stock returned (its customer, managers and admins)',
      args: { id: required(GraphQLID), reason: { type: GraphQLString } },
      resolve: (_source, { id, reason }, context) =>
        context.call('orders', {
          method: 'POST',
          path: `/api/v1/orders/${segment(id)}/cancel`,
          body: reason == null ? {} : { reason },
        }),
    }),
    shipOrder: statusChange(types, 'shipped', 'Mark a paid order shipped (manager, admin)'),
    deliverOrder: statusChange(types, 'delivered', 'Mark a shipped order delivered (manager, admin)'),
  };
}
