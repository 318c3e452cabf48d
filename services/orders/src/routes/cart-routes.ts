import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireAuthenticated } from '@bodega/auth';
import { Cart } from '@bodega/contracts';
import type { ServiceApp } from '@bodega/kit';
import { addItem, AddItemInput } from '../cart/add-item.js';
import { cartTokenOf } from '../cart/cart-token.js';
import { clearCart, removeItem, setQuantity, SetQuantityInput } from '../cart/change-items.js';
import { mergeCartByToken } from '../cart/merge-carts.js';
import { getCart, type CartCaller } from '../cart/open-cart.js';
import type { OrdersDeps } from '../deps.js';
import { API, errorResponses, ProductIdParams } from './schemas.js';

const CART_TOKEN_HEADER = 'x-cart-token';
const MergeInput = Type.Object(
  { cart_token: Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);

/** The signed-in customer, the guest cart token, or both (then the guest cart is merged in). */
function callerOf(request: FastifyRequest): CartCaller {
  return { customerId: request.principal?.user_id, token: cartTokenOf(request.headers[CART_TOKEN_HEADER]) };
}

/** A guest's cart carries its token in the body and in `X-Cart-Token`, to send back with the next request. */
function sendCart(reply: FastifyReply, cart: Cart): Cart {
  if (cart.cart_token !== null) void reply.header('X-Cart-Token', cart.cart_token);
  return cart;
}

/**
 * The cart: a signed-in customer's, or a guest's reached by `X-Cart-Token`. Every answer is the cart
 * with live prices and availability (contracts `Cart`).
 */
export function registerCartRoutes(app: ServiceApp, deps: OrdersDeps): void {
  app.get(
    `${API}/cart`,
    {
      schema: {
        summary: 'The cart, with live prices and availability',
        response: { 200: Cart, ...errorResponses(401, 404, 503) },
      },
    },
    async (request, reply) => sendCart(reply, await getCart(deps, callerOf(request))),
  );

  app.post(
    `${API}/cart/items`,
    {
      schema: {
        summary: 'Add units of a product (a guest without a cart gets one, and its token)',
        body: AddItemInput,
        response: { 200: Cart, ...errorResponses(400, 401, 404, 409, 415, 422, 503) },
      },
    },
    async (request, reply) => sendCart(reply, await addItem(deps, callerOf(request), request.body)),
  );

  app.patch(
    `${API}/cart/items/:product_id`,
    {
      schema: {
        summary: "Set a line's quantity",
        params: ProductIdParams,
        body: SetQuantityInput,
        response: { 200: Cart, ...errorResponses(400, 401, 404, 409, 415, 422, 503) },
      },
    },
    async (request, reply) =>
      sendCart(reply, await setQuantity(deps, callerOf(request), request.params.product_id, request.body)),
  );

  app.delete(
    `${API}/cart/items/:product_id`,
    {
      schema: {
        summary: 'Take a product out of the cart',
        params: ProductIdParams,
        response: { 200: Cart, ...errorResponses(400, 401, 404, 503) },
      },
    },
    async (request, reply) =>
      sendCart(reply, await removeItem(deps, callerOf(request), request.params.product_id)),
  );

  app.delete(
    `${API}/cart`,
    {
      schema: { summary: 'Empty the cart', response: { 200: Cart, ...errorResponses(401, 404) } },
    },
    async (request, reply) => sendCart(reply, await clearCart(deps, callerOf(request))),
  );

  app.post(
    `${API}/cart/merge`,
    {
      schema: {
        summary: "Merge a guest cart into the signed-in customer's cart",
        body: MergeInput,
        response: { 200: Cart, ...errorResponses(400, 401, 404, 415, 503) },
      },
    },
    async (request) => {
      const caller = requireAuthenticated(request.principal);
      return mergeCartByToken(deps, caller.user_id, request.body.cart_token);
    },
  );
}
