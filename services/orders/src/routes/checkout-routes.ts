import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireAuthenticated } from '@bodega/auth';
import { Order } from '@bodega/contracts';
import { ValidationError } from '@bodega/errors';
import type { ServiceApp } from '@bodega/kit';
import { checkout, type CheckoutRequest } from '../checkout/checkout.js';
import { CheckoutInput, PlaceOrderInput } from '../checkout/checkout-input.js';
import type { OrdersDeps } from '../deps.js';
import { runIdempotent } from '../idempotency/idempotent.js';
import { isIdempotencyKey, requestHash } from '../idempotency/request-hash.js';
import { API, errorResponses } from './schemas.js';

const responses = { 201: Order, ...errorResponses(400, 401, 402, 409, 413, 415, 422, 503, 504) };

/**
 * Before the body is read: a customer token (401) and a well-formed `Idempotency-Key` (400
 * `IDEMPOTENCY_KEY_REQUIRED`), so neither a stranger nor a client that could not retry safely starts
 * a checkout.
 */
async function checkoutPreconditions(request: FastifyRequest): Promise<void> {
  requireAuthenticated(request.principal);
  if (!isIdempotencyKey(request.headers['idempotency-key'])) {
    throw ValidationError('Send an Idempotency-Key header (1 to 255 visible ASCII characters) to check out', {
      code: 'IDEMPOTENCY_KEY_REQUIRED',
      details: { header: 'Idempotency-Key' },
    });
  }
}

type CheckoutBody = PlaceOrderInput | CheckoutInput;

/** Runs the saga under the request's idempotency key and sends its (possibly replayed) answer. */
async function answer(
  deps: OrdersDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  body: CheckoutBody,
  items: CheckoutRequest['items'],
) {
  const caller = requireAuthenticated(request.principal);
  const key = String(request.headers['idempotency-key']);
  const path = request.routeOptions.url ?? request.url;
  const scope = { customerId: caller.user_id, key, requestHash: requestHash(request.method, path, body) };
  const response = await runIdempotent(deps, scope, request.id, (key) =>
    checkout(deps, {
      customerId: caller.user_id,
      items,
      cardNumber: body.payment.card_number,
      promoCode: body.promo_code,
      shippingAddress: body.shipping_address ?? null,
      linkOrder: key.link,
      answer: key.answer,
      traceParent: request.trace.traceparent,
    }),
  );
  if (response.replayed) void reply.header('Idempotent-Replayed', 'true');
  for (const [name, value] of Object.entries(response.headers)) void reply.header(name, value);
  return reply.status(response.status).send(response.body);
}

/** Checkout: POST /orders (items) and POST /checkout (the customer's cart), both idempotent by key. */
export function registerCheckoutRoutes(app: ServiceApp, deps: OrdersDeps): void {
  app.post(
    `${API}/orders`,
    {
      schema: {
        summary: 'Place an order for items (header Idempotency-Key required)',
        body: PlaceOrderInput,
        response: responses,
      },
      onRequest: checkoutPreconditions,
    },
    async (request, reply) => answer(deps, request, reply, request.body, request.body.items),
  );

  app.post(
    `${API}/checkout`,
    {
      schema: {
        summary: "Check out the signed-in customer's cart (header Idempotency-Key required)",
        body: CheckoutInput,
        response: responses,
      },
      onRequest: checkoutPreconditions,
    },
    async (request, reply) => answer(deps, request, reply, request.body, undefined),
  );
}
