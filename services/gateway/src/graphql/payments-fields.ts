import type { Static } from '@sinclair/typebox';
import { GraphQLID, GraphQLNonNull } from './graphql-js.js';
import { field, pageCost, segment, type FieldMap } from './fields.js';
import { ListPaymentsArgs, RefundInput } from './shapes.js';
import type { Types } from './types.js';

const id = { type: new GraphQLNonNull(GraphQLID) };

/** Payments (payments): a customer's own; all of them for managers and admins. */
export function paymentsQueries({ mapper, ...types }: Types): FieldMap {
  return {
    payment: field<unknown, { id: string }>({
      type: types.Payment,
      description: 'One payment (its customer, managers and admins)',
      args: { id },
      resolve: (_source, args, context) =>
        context.call('payments', { path: `/api/v1/payments/${segment(args.id)}` }),
    }),
    payments: field<unknown, Static<typeof ListPaymentsArgs>>({
      type: types.PaymentPage,
      description: 'Payments, newest first: mine, or all for managers and admins',
      args: mapper.args(ListPaymentsArgs, 'Payments'),
      extensions: pageCost(),
      resolve: (_source, args, context) =>
        context.call('payments', { path: '/api/v1/payments', query: args }),
    }),
  };
}

export function paymentsMutations({ mapper, ...types }: Types): FieldMap {
  return {
    refund: field<
      unknown,
      { payment_id: string; idempotency_key: string; input?: Static<typeof RefundInput> }
    >({
      type: types.Payment,
      description: 'Refund part (amount) or all of a captured payment (manager, admin)',
      args: {
        payment_id: id,
        idempotency_key: {
          ...id,
          description: 'A fresh UUID per refund: it becomes the refund id, so a retry refunds once',
        },
        input: { type: mapper.input(RefundInput, 'RefundInput') },
      },
      resolve: (_source, args, context) =>
        context.call('payments', {
          method: 'POST',
          path: `/api/v1/payments/${segment(args.payment_id)}/refund`,
          headers: { 'idempotency-key': args.idempotency_key },
          body: args.input ?? {},
        }),
    }),
  };
}
