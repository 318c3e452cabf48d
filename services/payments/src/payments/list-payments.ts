import { decodeCursor, encodeCursor } from '@bodega/db';
import { and, desc, eq, lt } from 'drizzle-orm';
import { hasRole, requireAuthenticated, type Principal } from '@bodega/auth';
import type { PageOf, Payment, PaymentStatus } from '@bodega/contracts';
import { payments } from '../db/schema.js';
import type { PaymentsDeps } from '../deps.js';
import { toPaymentJson } from './payment.js';
import { refundsOf } from './payment-store.js';

export interface ListPaymentsInput {
  limit: number;
  cursor?: string | undefined;
  order_id?: string | undefined;
  status?: PaymentStatus | undefined;
}

const CURSOR_KIND = 'pay1';

/**
 * Payments, newest first, a page at a time (keyset on the UUIDv7 id): a customer's own, everyone's
 * for managers and admins. Two queries a page: the payments, then the refunds of those that have any.
 */
export async function listPayments(
  deps: PaymentsDeps,
  principal: Principal | undefined,
  input: ListPaymentsInput,
): Promise<PageOf<Payment>> {
  const caller = requireAuthenticated(principal);
  const staff = hasRole(principal, 'manager', 'admin');
  const before = input.cursor === undefined ? undefined : decodeCursor(CURSOR_KIND, input.cursor);
  const rows = await deps.db
    .select()
    .from(payments)
    .where(
      and(
        staff ? undefined : eq(payments.customerId, caller.user_id),
        input.order_id === undefined ? undefined : eq(payments.orderId, input.order_id),
        input.status === undefined ? undefined : eq(payments.status, input.status),
        before === undefined ? undefined : lt(payments.id, before),
      ),
    )
    .orderBy(desc(payments.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const byPayment = await refundsOf(deps.db, page);
  const last = page.at(-1);
  return {
    items: page.map((row) => toPaymentJson(row, byPayment.get(row.id) ?? [])),
    next_cursor: rows.length > input.limit && last ? encodeCursor(CURSOR_KIND, last.id) : null,
  };
}
