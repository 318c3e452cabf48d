import { eventSchemas, type EventData, type EventEnvelope, type EventType } from '@bodega/contracts';
import { newId, type Database } from '@bodega/db';
import { expect, vi } from 'vitest';

/** An envelope of `type` carrying `data`, as its publisher would write it. */
export function envelope<T extends EventType>(type: T, data: EventData<T>): EventEnvelope {
  return {
    id: newId(),
    type,
    version: eventSchemas[type].version,
    occurred_at: new Date().toISOString(),
    source: type.split('.')[0] ?? 'test',
    data,
  };
}

const usd = (amount: number, currency = 'USD') => ({ amount, currency });

export interface Line {
  product_id: string;
  quantity: number;
  unit: number;
}

/** `orders.order.placed` for a new order (or `orderId`) of `customerId`, placed `at`. */
export function orderPlaced(
  customerId: string,
  at: string,
  lines: Line[],
  options: { orderId?: string; currency?: string } = {},
) {
  const total = lines.reduce((sum, line) => sum + line.quantity * line.unit, 0);
  const orderId = options.orderId ?? newId();
  const event = envelope('orders.order.placed', {
    event_id: newId(),
    occurred_at: at,
    order_id: orderId,
    customer_id: customerId,
    items: lines.map((line) => ({
      product_id: line.product_id,
      quantity: line.quantity,
      unit_price: usd(line.unit, options.currency),
    })),
    total: usd(total, options.currency),
    placed_at: at,
  });
  return Object.assign(event, { orderId, total });
}

export function orderCancelled(
  placed: { orderId: string; total: number },
  customerId: string,
  at: string,
  wasPaid = true,
) {
  return envelope('orders.order.cancelled', {
    event_id: newId(),
    occurred_at: at,
    order_id: placed.orderId,
    customer_id: customerId,
    reason: wasPaid ? 'customer_request' : 'payment_declined',
    was_paid: wasPaid,
    items: [],
    total: usd(placed.total),
    cancelled_at: at,
  });
}

export function paymentRefunded(
  orderId: string,
  customerId: string,
  at: string,
  amount: number,
  refundedSoFar = amount,
  currency = 'USD',
) {
  return envelope('payments.payment.refunded', {
    event_id: newId(),
    occurred_at: at,
    payment_id: newId(),
    order_id: orderId,
    customer_id: customerId,
    status: 'refunded',
    amount: usd(amount, currency),
    refunded: usd(refundedSoFar, currency),
    decline_reason: null,
  });
}

export interface View {
  product_id: string;
  viewed_at: string;
  session_id?: string | null;
  customer_id?: string | null;
}

export function productViewed(views: View[]) {
  return envelope('catalog.product.viewed', {
    views: views.map((view) => ({
      product_id: view.product_id,
      category: 'misc',
      customer_id: view.customer_id ?? null,
      session_id: view.session_id ?? null,
      viewed_at: view.viewed_at,
    })),
  });
}

export function userRegistered(
  userId: string,
  at: string,
  role: 'customer' | 'manager' | 'admin' = 'customer',
) {
  return envelope('identity.user.registered', {
    user_id: userId,
    email: `${userId}@example.com`,
    name: null,
    role,
    registered_at: at,
  });
}

/** Resolves once analytics handled every one of these events (its inbox has them). */
export async function handled(database: Database, ...events: EventEnvelope[]): Promise<void> {
  const ids = events.map((event) => event.id);
  await vi.waitFor(
    async () => {
      const rows = await database.query<{ n: number }>(
        'select count(*)::int as n from analytics.inbox where event_id = any($1::uuid[])',
        [ids],
      );
      expect(rows[0]?.n).toBe(ids.length);
    },
    { timeout: 10_000, interval: 20 },
  );
}
