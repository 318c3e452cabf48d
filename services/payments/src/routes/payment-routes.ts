import { Type } from '@sinclair/typebox';
import { requireRole } from '@bodega/auth';
import { Money, Page, Payment, PaymentStatus, Uuid } from '@bodega/contracts';
import { isUuid } from '@bodega/db';
import { ValidationError } from '@bodega/errors';
import type { ServiceApp } from '@bodega/kit';
import type { PaymentsDeps } from '../deps.js';
import { getPayment } from '../payments/get-payment.js';
import { listPayments } from '../payments/list-payments.js';
import { refundPayment } from '../payments/refund-payment.js';
import { API, Cursor, errorResponses, Limit, PaymentIdParams } from './schemas.js';

const ListPaymentsQuery = Type.Object(
  {
    limit: Limit,
    cursor: Cursor,
    order_id: Type.Optional(Uuid),
    status: Type.Optional(PaymentStatus),
  },
  { additionalProperties: false },
);
const PaymentPage = Type.Object(Page(Payment).properties, { additionalProperties: false });
/** No body (Fastify reads it as null) refunds what remains, as `{}` does. */
const RefundBody = Type.Union([
  Type.Object(
    {
      amount: Type.Optional(Money),
      reason: Type.Optional(Type.String({ maxLength: 200 })),
    },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

/** The `Idempotency-Key` header, a UUID that becomes the refund's id. */
function refundIdOf(header: string | string[] | undefined): string {
  if (typeof header !== 'string' || header === '') {
    throw ValidationError('A refund needs an Idempotency-Key header (a fresh UUID per refund)', {
      code: 'IDEMPOTENCY_KEY_REQUIRED',
      details: { field: 'Idempotency-Key' },
    });
  }
  if (!isUuid(header)) {
    throw ValidationError('The Idempotency-Key of a refund is a UUID', {
      code: 'INVALID_IDEMPOTENCY_KEY',
      details: { field: 'Idempotency-Key' },
    });
  }
  return header.toLowerCase();
}

/** Payments: customers read their own, managers and admins read all and refund. */
export function registerPaymentRoutes(app: ServiceApp, deps: PaymentsDeps): void {
  app.get(
    `${API}/payments`,
    {
      schema: {
        summary: 'List payments, newest first: mine, or all for managers and admins',
        querystring: ListPaymentsQuery,
        response: { 200: PaymentPage, ...errorResponses(400, 401) },
      },
    },
    async (request) => listPayments(deps, request.principal, request.query),
  );

  app.get(
    `${API}/payments/:id`,
    {
      schema: {
        summary: 'One payment (its customer, managers and admins; 404 for anyone else)',
        params: PaymentIdParams,
        response: { 200: Payment, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => getPayment(deps, request.principal, request.params.id),
  );

  app.post(
    `${API}/payments/:id/refund`,
    {
      schema: {
        summary: 'Refund part or all of a captured payment (manager, admin; Idempotency-Key required)',
        params: PaymentIdParams,
        body: RefundBody,
        response: { 200: Payment, 201: Payment, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      requireRole(request.principal, 'manager', 'admin');
      const refundId = refundIdOf(request.headers['idempotency-key']);
      const { created, payment } = await refundPayment(
        deps,
        { paymentId: request.params.id },
        { refundId, amount: request.body?.amount, reason: request.body?.reason },
        request.trace.traceparent,
      );
      return reply.status(created ? 201 : 200).send(payment);
    },
  );
}
