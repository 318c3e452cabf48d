/**
 * The books a fault scenario balances, read straight from the services' databases: events committed
 * to outboxes against events handled by consumers (their inbox rows), and checkouts against stock,
 * reservations and payments.
 */
import type { DataService, FaultPlatform } from './fault-platform.js';

/** Who consumes what (each service's `app.ts` subscription; ARCHITECTURE "Events"). */
export const subscriptions: Record<'search' | 'analytics' | 'orders', string[]> = {
  search: [
    'catalog.product.updated',
    'catalog.product.deleted',
    'catalog.product.viewed',
    'orders.order.placed',
  ],
  analytics: [
    'orders.order.placed',
    'orders.order.cancelled',
    'payments.payment.refunded',
    'catalog.product.viewed',
    'identity.user.registered',
  ],
  orders: ['payments.payment.refunded'],
};
export type Consumer = keyof typeof subscriptions;
const publishers: DataService[] = ['identity', 'catalog', 'orders', 'payments'];

export interface OutboxRow {
  id: string;
  type: string;
  published: boolean;
  envelope: Record<string, unknown>;
}

/** Every event committed to an outbox, all publishers together. */
export async function outboxRows(platform: FaultPlatform): Promise<OutboxRow[]> {
  const rows: OutboxRow[] = [];
  for (const service of publishers) {
    rows.push(
      ...(await platform.query<OutboxRow>(
        service,
        `select id::text, type, published_at is not null as published, envelope from ${service}.outbox`,
      )),
    );
  }
  return rows;
}

export interface EventBooks {
  committed: number;
  published: number;
  /** Per consumer: events it should have (by its subscription), handled, and still missing. */
  consumers: Record<Consumer, { expected: number; handled: number; missing: string[] }>;
}

/** Outbox rows against inbox rows. Inbox rows are keyed (consumer, event id): a duplicate cannot exist. */
export async function eventBooks(platform: FaultPlatform): Promise<EventBooks> {
  const committed = await outboxRows(platform);
  const consumers = {} as EventBooks['consumers'];
  for (const consumer of Object.keys(subscriptions) as Consumer[]) {
    const handled = new Set(
      (
        await platform.query<{ event_id: string }>(
          consumer,
          `select event_id::text from ${consumer}.inbox where consumer = $1`,
          [consumer],
        )
      ).map((row) => row.event_id),
    );
    const expected = committed.filter((row) => subscriptions[consumer].includes(row.type));
    consumers[consumer] = {
      expected: expected.length,
      handled: expected.filter((row) => handled.has(row.id)).length,
      missing: expected.filter((row) => !handled.has(row.id)).map((row) => `${row.type} ${row.id}`),
    };
  }
  return {
    committed: committed.length,
    published: committed.filter((row) => row.published).length,
    consumers,
  };
}

/** Whether every committed event was published and handled by every consumer subscribed to it. */
export function balanced(books: EventBooks): boolean {
  return (
    books.published === books.committed &&
    Object.values(books.consumers).every((consumer) => consumer.missing.length === 0)
  );
}

export interface CheckoutBooks {
  orders: number;
  paid: number;
  cancelled: number;
  pending: number;
  /** Paid orders whose hold is not committed or whose payment is not captured for the order's total. */
  paidWithoutStockOrMoney: string[];
  /** Cancelled orders with stock still held or sold, or money still authorized or captured. */
  cancelledStillHolding: string[];
  /** Payments authorized or captured (and not refunded) for an order that is not paid. */
  chargesWithoutPaidOrder: string[];
  /** Products whose stock is not their initial stock minus the units of paid orders. */
  stockMismatches: string[];
  /** Holds of these orders still `held` in catalog. */
  heldReservations: number;
}

/** Orders against catalog's reservations and stock and payments' payments, for `products`. */
export async function checkoutBooks(
  platform: FaultPlatform,
  products: { id: string; stock: number }[],
): Promise<CheckoutBooks> {
  const ids = products.map((product) => product.id);
  // The orders of these products only: another scenario's orders on the same platform are not ours.
  const orders = await platform.query<{ id: string; status: string; total: number }>(
    'orders',
    `select id::text, status, total::int as total from orders.orders
      where id in (select order_id from orders.order_lines where product_id = any($1::uuid[]))`,
    [ids],
  );
  const orderIds = orders.map((order) => order.id);
  const lines = await platform.query<{ order_id: string; product_id: string; quantity: number }>(
    'orders',
    'select order_id::text, product_id::text, quantity from orders.order_lines where product_id = any($1::uuid[])',
    [ids],
  );
  const reservations = new Map(
    (
      await platform.query<{ id: string; status: string }>(
        'catalog',
        'select id::text, status from catalog.reservations where id = any($1::uuid[])',
        [orderIds],
      )
    ).map((row) => [row.id, row.status]),
  );
  const payments = await platform.query<{
    order_id: string;
    status: string;
    captured: number;
    refunded: number;
  }>(
    'payments',
    `select order_id::text, status, captured::int as captured, refunded::int as refunded
       from payments.payments where order_id = any($1::uuid[])`,
    [orderIds],
  );
  const paymentOf = new Map(payments.map((row) => [row.order_id, row]));
  const statusOf = new Map(orders.map((row) => [row.id, row.status]));

  const books: CheckoutBooks = {
    orders: orders.length,
    paid: 0,
    cancelled: 0,
    pending: 0,
    paidWithoutStockOrMoney: [],
    cancelledStillHolding: [],
    chargesWithoutPaidOrder: [],
    stockMismatches: [],
    heldReservations: [...reservations.values()].filter((status) => status === 'held').length,
  };
  for (const order of orders) {
    const payment = paymentOf.get(order.id);
    const hold = reservations.get(order.id);
    if (order.status === 'paid') {
      books.paid += 1;
      const charged = payment?.status === 'captured' && payment.captured === order.total;
      if (hold !== 'committed' || !charged) books.paidWithoutStockOrMoney.push(order.id);
    } else if (order.status === 'cancelled') {
      books.cancelled += 1;
      const stockOut = hold === 'held' || hold === 'committed';
      const moneyOut =
        payment !== undefined &&
        (payment.status === 'authorized' || (payment.captured > 0 && payment.refunded < payment.captured));
      if (stockOut || moneyOut) books.cancelledStillHolding.push(order.id);
    } else if (order.status === 'pending') {
      books.pending += 1;
    }
  }
  for (const payment of payments) {
    const taken = payment.status === 'authorized' || payment.captured > payment.refunded;
    if (taken && statusOf.get(payment.order_id) !== 'paid')
      books.chargesWithoutPaidOrder.push(payment.order_id);
  }
  const stock = new Map(
    (
      await platform.query<{ id: string; stock_qty: number }>(
        'catalog',
        'select id::text, stock_qty from catalog.products where id = any($1::uuid[])',
        [ids],
      )
    ).map((row) => [row.id, row.stock_qty]),
  );
  for (const product of products) {
    const sold = lines
      .filter((line) => line.product_id === product.id && statusOf.get(line.order_id) === 'paid')
      .reduce((sum, line) => sum + line.quantity, 0);
    const now = stock.get(product.id);
    if (now !== product.stock - sold)
      books.stockMismatches.push(
        `${product.id}: ${String(now)} in stock, ${product.stock} - ${sold} sold expected`,
      );
  }
  return books;
}
