import { Type, type Static } from '@sinclair/typebox';
import { Int4, Int8, Timestamp, Uuid } from '@bodega/contracts';
import { idAt } from '@bodega/db';
import { AppError } from '@bodega/errors';
import { orderHistory, orderLines, orders, type OrderLineRow, type OrderRow } from '../db/schema.js';
import type { OrdersDeps } from '../deps.js';
import { recordPlaced } from '../orders/order-events.js';

export const MAX_IMPORT_ORDERS = 1_000;

/** A past order as it was paid: its lines at the prices of the day, and how far it got since. */
const ImportedOrder = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'A UUIDv7 of placed_at, so it sorts among live orders' }),
    customer_id: Uuid,
    placed_at: Timestamp,
    status: Type.Union([Type.Literal('paid'), Type.Literal('shipped'), Type.Literal('delivered')]),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    shipping: Int8({ minimum: 0, maximum: 1_000_000 }),
    lines: Type.Array(
      Type.Object(
        {
          product_id: Uuid,
          name: Type.String({ minLength: 1, maxLength: 200 }),
          sku: Type.String({ minLength: 1, maxLength: 64 }),
          quantity: Int4({ minimum: 1, maximum: 1_000 }),
          unit_price: Int4({ minimum: 0, maximum: 100_000_000 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);

/** POST /internal/orders/import: past orders to load (seeding, migrating from another shop). */
export const ImportInput = Type.Object(
  { orders: Type.Array(ImportedOrder, { maxItems: MAX_IMPORT_ORDERS }) },
  { additionalProperties: false },
);
export type ImportInput = Static<typeof ImportInput>;

export const ImportResult = Type.Object({
  created: Type.Integer({ minimum: 0, description: 'Orders inserted' }),
  skipped: Type.Integer({ minimum: 0, description: 'Orders whose id existed' }),
});
export type ImportResult = Static<typeof ImportResult>;

const day = 86_400_000;
/**
 * When an imported order moved, from its `placed_at`: created a second before it was paid, shipped a
 * day after, delivered two days later.
 */
const after = { pending: -1_000, paid: 0, shipped: day, delivered: 3 * day } as const;
const statuses = ['pending', 'paid', 'shipped', 'delivered'] as const;

/**
 * Inserts the orders that do not exist yet (by id) with their lines and status history, each announced
 * by `orders.order.placed` at its `placed_at` (analytics' sales and search's popularity learn of it as
 * of a live order), all in one transaction: a batch lands whole or not at all, and importing it again
 * changes nothing. Stock is not touched: these sales happened before the catalog's counts.
 */
export async function importOrders(deps: OrdersDeps, input: ImportInput): Promise<ImportResult> {
  const now = deps.now();
  const future = input.orders.filter((order) => Date.parse(order.placed_at) > now.getTime());
  if (future.length > 0) {
    throw new AppError('unprocessable', 'Imported orders must have been placed already', {
      code: 'ORDER_IN_THE_FUTURE',
      details: { orders: future.map((order) => order.id) },
    });
  }
  const duplicates = input.orders.filter(
    (order) => new Set(order.lines.map((l) => l.product_id)).size !== order.lines.length,
  );
  if (duplicates.length > 0) {
    throw new AppError('unprocessable', 'An order names the same product on two lines', {
      code: 'DUPLICATE_LINE',
      details: { orders: duplicates.map((order) => order.id) },
    });
  }
  if (input.orders.length === 0) return { created: 0, skipped: 0 };

  return deps.db.transaction(async (tx) => {
    const rows: OrderRow[] = input.orders.map((order) => {
      const placedAt = new Date(order.placed_at);
      const subtotal = order.lines.reduce((sum, line) => sum + line.quantity * line.unit_price, 0);
      const movedAt = new Date(Math.min(placedAt.getTime() + after[order.status], now.getTime()));
      return {
        id: order.id,
        customerId: order.customer_id,
        status: order.status,
        currency: order.currency,
        subtotal,
        discount: 0,
        tax: 0,
        shipping: order.shipping,
        total: subtotal + order.shipping,
        taxRateBps: 0,
        promoCode: null,
        shippingAddress: null,
        paymentId: null,
        cancelReason: null,
        checkoutStep: 'done',
        cartId: null,
        refundId: null,
        createdAt: placedAt,
        updatedAt: movedAt,
      };
    });
    const inserted = await tx.insert(orders).values(rows).onConflictDoNothing().returning({ id: orders.id });
    const created = new Set(inserted.map((row) => row.id));
    const fresh = rows.filter((row) => created.has(row.id));
    if (fresh.length === 0) return { created: 0, skipped: rows.length };

    const lines: OrderLineRow[] = input.orders
      .filter((order) => created.has(order.id))
      .flatMap((order) =>
        order.lines.map((line) => ({
          orderId: order.id,
          productId: line.product_id,
          name: line.name,
          sku: line.sku,
          quantity: line.quantity,
          unitPrice: line.unit_price,
          lineTotal: line.quantity * line.unit_price,
        })),
      );
    await tx.insert(orderLines).values(lines);
    await tx.insert(orderHistory).values(fresh.flatMap((row) => historyOf(row, now)));
    for (const row of fresh) {
      await recordPlaced(
        tx,
        row,
        lines.filter((line) => line.orderId === row.id),
        { from: 'pending', to: 'paid', by: null, reason: null, at: row.createdAt },
      );
    }
    return { created: fresh.length, skipped: rows.length - fresh.length };
  });
}

/** pending then paid at placed_at, then shipped and delivered as far as the order got (never after now). */
function historyOf(row: OrderRow, now: Date) {
  const reached = statuses.slice(0, statuses.indexOf(row.status as (typeof statuses)[number]) + 1);
  return reached.map((status) => {
    const at = new Date(Math.min(row.createdAt.getTime() + after[status], now.getTime()));
    return {
      id: idAt(at),
      orderId: row.id,
      status,
      at,
      changedBy: null,
      reason: status === 'pending' ? 'imported' : null,
    };
  });
}
