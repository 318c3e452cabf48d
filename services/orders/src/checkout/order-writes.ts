import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Order, ShippingAddress } from '@bodega/contracts';
import { newId, type Tx } from '@bodega/db';
import { cartLines, orderHistory, orderLines, orders, type OrderRow } from '../db/schema.js';
import type { OrdersDeps } from '../deps.js';
import { recordStatusChanged } from '../orders/order-events.js';
import { toOrderJson } from '../orders/order-json.js';
import { historyOf, linesOfOrder, lockOrder } from '../orders/order-store.js';
import { transition } from '../orders/transition.js';
import { normalizeCode } from '../promotions/promotion.js';
import { redeemPromotion } from '../promotions/promotion-store.js';
import type { PricedCheckout } from './price-step.js';

export interface NewOrder {
  customerId: string;
  priced: PricedCheckout;
  shippingAddress: ShippingAddress | null;
  /** Ties the order to the request's idempotency key, in the same transaction. */
  linkOrder: (tx: Tx, orderId: string) => Promise<void>;
  traceParent?: string | undefined;
}

/**
 * b. Creates the order `pending`, in one transaction: the order and its lines, the promotion
 * redemption (counted under a lock on the promotion, so usage limits hold under concurrency), the
 * first history entry and its event, and the idempotency key's link to the order.
 */
export async function createPendingOrder(deps: OrdersDeps, order: NewOrder): Promise<OrderRow> {
  const { quote, products, cartId } = order.priced;
  const { totals } = quote;
  const now = deps.now();
  const id = newId();
  const promoCode = quote.promotion ? normalizeCode(quote.promotion.code) : null;
  return deps.db.transaction(async (tx) => {
    if (promoCode !== null) {
      await redeemPromotion(tx, {
        code: promoCode,
        orderId: id,
        customerId: order.customerId,
        subtotal: totals.subtotal.amount,
        currency: totals.subtotal.currency,
        now,
      });
    }
    const [row] = await tx
      .insert(orders)
      .values({
        id,
        customerId: order.customerId,
        status: 'pending',
        currency: totals.total.currency,
        subtotal: totals.subtotal.amount,
        discount: totals.discount.amount,
        tax: totals.tax.amount,
        shipping: totals.shipping.amount,
        total: totals.total.amount,
        taxRateBps: quote.tax_rate_bps,
        promoCode,
        shippingAddress: order.shippingAddress,
        checkoutStep: 'created',
        cartId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned no order');
    await tx.insert(orderLines).values(
      quote.lines.map((line) => {
        const product = products.get(line.product_id);
        return {
          orderId: id,
          productId: line.product_id,
          name: product?.name ?? line.product_id,
          sku: product?.sku ?? '',
          quantity: line.quantity,
          unitPrice: line.unit_price.amount,
          lineTotal: line.line_total.amount,
        };
      }),
    );
    await tx.insert(orderHistory).values({
      id: newId(),
      orderId: id,
      status: 'pending',
      at: now,
      changedBy: null,
      reason: 'checkout',
    });
    await recordStatusChanged(tx, row, {
      from: null,
      to: 'pending',
      by: null,
      reason: 'checkout',
      at: now,
      traceParent: order.traceParent,
    });
    await order.linkOrder(tx, id);
    return row;
  });
}

/**
 * The saga decided to cancel: the reason is kept on the still-pending order before any compensation
 * runs, so if one fails, recovery knows to finish compensating rather than completing the order.
 */
export async function decideCancel(deps: OrdersDeps, orderId: string, reason: string): Promise<void> {
  await deps.db
    .update(orders)
    .set({ cancelReason: reason, updatedAt: deps.now() })
    .where(and(eq(orders.id, orderId), eq(orders.status, 'pending'), isNull(orders.cancelReason)));
}

/**
 * Ends a pending checkout cancelled (its promotion use given back, `orders.order.cancelled`), once
 * every compensation is done. Resolves to undefined if the order is no longer pending.
 */
export async function cancelCheckout(
  deps: OrdersDeps,
  orderId: string,
  reason: string,
  options: { wasPaid?: boolean; traceParent?: string } = {},
): Promise<OrderRow | undefined> {
  const cancelled = await deps.db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (order.status !== 'pending') return undefined;
    return transition(tx, order, {
      to: 'cancelled',
      by: null,
      reason,
      at: deps.now(),
      wasPaid: options.wasPaid ?? false,
      traceParent: options.traceParent,
    });
  });
  if (cancelled) deps.metrics.checkoutFailed(reason);
  return cancelled;
}

export interface PaidOptions {
  traceParent?: string | undefined;
  /**
   * Stores the paid order as the answer of the checkout's request (its idempotency key), in the
   * transaction that makes it paid: the order is paid if and only if its answer is stored.
   */
  answer?: (tx: Tx, order: Order) => Promise<void>;
}

/**
 * e (end). The order is paid, in one transaction: status, history, `orders.order.placed` and
 * `status_changed`, the ordered lines leave the cart it came from, and the answer is stored. Resolves
 * to the paid order as its customer sees it, read in that same transaction (the checkout answers it
 * without reading it again), or to undefined if the order is no longer a pending checkout going
 * forward (recovery got to it first).
 */
export async function markPaid(
  deps: OrdersDeps,
  orderId: string,
  paymentId: string | null,
  options: PaidOptions = {},
): Promise<Order | undefined> {
  const paid = await deps.db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (order.status !== 'pending' || order.cancelReason !== null) return undefined;
    // Read once for the event, the cart and the answer.
    const lines = await linesOfOrder(tx, orderId);
    const row = await transition(tx, order, {
      to: 'paid',
      by: null,
      reason: 'payment_captured',
      at: deps.now(),
      set: { paymentId, checkoutStep: 'done' },
      lines,
      traceParent: options.traceParent,
    });
    if (order.cartId !== null) {
      const ordered = lines.map((line) => line.productId);
      await tx
        .delete(cartLines)
        .where(and(eq(cartLines.cartId, order.cartId), inArray(cartLines.productId, ordered)));
    }
    const json = toOrderJson(row, lines, await historyOf(tx, orderId));
    await options.answer?.(tx, json);
    return { row, json };
  });
  if (!paid) return undefined;
  deps.metrics.placed(paid.row);
  return paid.json;
}
