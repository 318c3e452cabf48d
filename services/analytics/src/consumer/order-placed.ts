import type { EventData } from '@bodega/contracts';
import type { Tx } from '@bodega/db';
import { lockOrder, settleOrder } from './order-ledger.js';
import { addProductHours, hourOf } from './rollups.js';

/**
 * `orders.order.placed`: the order's total is revenue and one order in the hour it was placed, its
 * lines revenue and units of their products. A second placement of the same order (another event
 * id) changes nothing. Money back that arrived before it is netted now, in the hours it happened.
 */
export async function applyOrderPlaced(tx: Tx, data: EventData<'orders.order.placed'>): Promise<void> {
  const order = await lockOrder(tx, data.order_id, data.customer_id);
  if (order.placedAt !== null) return;
  const placedAt = new Date(data.placed_at);
  const hour = hourOf(placedAt);
  await addProductHours(
    tx,
    data.items.map((item) => ({
      hour,
      productId: item.product_id,
      revenue: item.quantity * item.unit_price.amount,
      units: item.quantity,
    })),
  );
  const lines = data.items.map((item) => ({
    product_id: item.product_id,
    quantity: item.quantity,
    unit_amount: item.unit_price.amount,
  }));
  await settleOrder(tx, { ...order, placedAt, total: data.total.amount, lines }, [
    { hour, revenue: data.total.amount, orders: 1 },
  ]);
}
