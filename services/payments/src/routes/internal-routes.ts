import { Type } from '@sinclair/typebox';
import type { ServiceAuth } from '@bodega/auth';
import {
  Payment,
  PaymentAuthorizeRequest,
  PaymentRefundRequest,
  PaymentVoidRequest,
  Uuid,
} from '@bodega/contracts';
import type { ServiceApp } from '@bodega/kit';
import type { PaymentsDeps } from '../deps.js';
import { authorizePayment } from '../payments/authorize-payment.js';
import { capturePayment } from '../payments/capture-payment.js';
import { getPaymentByOrder } from '../payments/get-payment.js';
import { refundPayment } from '../payments/refund-payment.js';
import { VoidResult, voidPayment } from '../payments/void-payment.js';
import { errorResponses, PaymentIdParams } from './schemas.js';

/** Capture takes no input: no body (Fastify reads it as null), or an empty JSON object. */
const NoBody = Type.Union([Type.Object({}, { additionalProperties: false }), Type.Null()]);
const OrderIdParams = Type.Object({ order_id: Uuid }, { additionalProperties: false });

/**
 * Service-to-service routes (orders' checkout, cancellations, refunds and recovery), never reachable
 * through the gateway, and orders' alone: a valid token of any other service is 403 (docs/adr/0016).
 * The service token travels in `X-Service-Token` (not `Authorization`, which the kit reads as a user's
 * access token) and is checked before the body is read.
 */
export function registerInternalRoutes(app: ServiceApp, deps: PaymentsDeps, auth: ServiceAuth): void {
  const onRequest = auth.allow('orders');

  app.post(
    '/internal/payments/authorize',
    {
      onRequest,
      schema: {
        summary: "Authorize an order's amount on a card (idempotent by order_id)",
        body: PaymentAuthorizeRequest,
        response: { 200: Payment, 201: Payment, ...errorResponses(400, 401, 402, 409, 422, 502) },
      },
    },
    async (request, reply) => {
      const { created, payment } = await authorizePayment(deps, request.body, request.trace.traceparent);
      return reply.status(created ? 201 : 200).send(payment);
    },
  );

  app.post(
    '/internal/payments/:id/capture',
    {
      onRequest,
      schema: {
        summary: 'Capture an authorized payment in full',
        params: PaymentIdParams,
        body: NoBody,
        response: { 200: Payment, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => capturePayment(deps, request.params.id, request.trace.traceparent),
  );

  app.post(
    '/internal/payments/void',
    {
      onRequest,
      schema: {
        summary: "Void an order's authorization, or refuse its future authorization",
        body: PaymentVoidRequest,
        response: { 200: VoidResult, ...errorResponses(400, 401, 409) },
      },
    },
    async (request) => voidPayment(deps, request.body, request.trace.traceparent),
  );

  app.post(
    '/internal/payments/refund',
    {
      onRequest,
      schema: {
        summary: "Refund part or all of an order's captured payment (idempotent by refund_id)",
        body: PaymentRefundRequest,
        response: { 200: Payment, 201: Payment, ...errorResponses(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { order_id, refund_id, amount, reason } = request.body;
      const { created, payment } = await refundPayment(
        deps,
        { orderId: order_id },
        { refundId: refund_id, amount, reason },
        request.trace.traceparent,
      );
      return reply.status(created ? 201 : 200).send(payment);
    },
  );

  app.get(
    '/internal/payments/by-order/:order_id',
    {
      onRequest,
      schema: {
        summary: "An order's payment (orders' recovery)",
        params: OrderIdParams,
        response: { 200: Payment, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => getPaymentByOrder(deps, request.params.order_id),
  );
}
