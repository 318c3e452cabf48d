import type { Money, Order } from '@bodega/contracts';
import type { OrderHistoryRow, OrderLineRow, OrderRow } from '../db/schema.js';

/** An amount of the order's currency. */
export function moneyOf(order: Pick<OrderRow, 'currency'>, amount: number): Money {
  return { amount, currency: order.currency };
}

/** The order as its customer and staff see it (contracts `Order`). */
export function toOrderJson(
  order: OrderRow,
  lines: readonly OrderLineRow[],
  history: readonly OrderHistoryRow[],
): Order {
  const money = (amount: number) => moneyOf(order, amount);
  return {
    id: order.id,
    customer_id: order.customerId,
    status: order.status,
    items: lines.map((line) => ({
      product_id: line.productId,
      name: line.name,
      sku: line.sku,
      quantity: line.quantity,
      unit_price: money(line.unitPrice),
      line_total: money(line.lineTotal),
    })),
    totals: {
      subtotal: money(order.subtotal),
      discount: money(order.discount),
      tax: money(order.tax),
      shipping: money(order.shipping),
      total: money(order.total),
    },
    promo_code: order.promoCode,
    shipping_address: order.shippingAddress,
    payment_id: order.paymentId,
    // Kept on pending and paid orders while a cancellation is under way; shown once it is done.
    cancel_reason: order.status === 'cancelled' ? order.cancelReason : null,
    history: history.map((entry) => ({
      status: entry.status,
      at: entry.at.toISOString(),
      by: entry.changedBy,
      reason: entry.reason,
    })),
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
  };
}
