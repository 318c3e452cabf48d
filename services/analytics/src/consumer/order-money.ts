/**
 * How much of an order's money back the sales figures net, and in which hours, whatever order its
 * events arrive in.
 *
 * Cancelling a paid order makes payments refund it in full, so the same money back arrives twice:
 * as `orders.order.cancelled` (`was_paid`) and as `payments.payment.refunded`. Netting both would
 * count it twice. So, walking the order's money back in time order, what is netted so far is the
 * larger of what its refunds returned and, once it was cancelled after payment, its whole total;
 * never more than its total. Each step's increase is netted in the hour it happened (or the hour
 * the order was placed, if that was later). An order never placed nets nothing: a checkout that
 * failed after taking money never counted as revenue.
 *
 * The result depends only on the set of facts, so a late or reordered event moves the figures to
 * exactly where they would have been had everything arrived in order.
 */
import { HOUR_MS } from '../time/zone.js';

/** One refund (`amount` in minor units) or the paid cancellation (`amount` null: everything back). */
export interface MoneyBack {
  at: string;
  amount: number | null;
}

/** The facts about one order that decide its money back. */
export interface OrderMoney {
  /** When it was placed; null until `orders.order.placed` arrives. */
  placedAt: string | null;
  total: number;
  moneyBack: MoneyBack[];
}

/** Refunds to net per UTC hour (ISO string of the hour's start -> minor units); zeros left out. */
export type RefundsByHour = Record<string, number>;

function hourKey(ms: number): string {
  return new Date(Math.floor(ms / HOUR_MS) * HOUR_MS).toISOString();
}

/** Where the order's refunds belong. */
export function refundsByHour(order: OrderMoney): RefundsByHour {
  if (order.placedAt === null) return {};
  const placedMs = Date.parse(order.placedAt);
  // Time order; at the same instant refunds before the cancellation, so ties net the same way.
  const steps = [...order.moneyBack].sort(
    (a, b) =>
      Date.parse(a.at) - Date.parse(b.at) || (a.amount === null ? 1 : 0) - (b.amount === null ? 1 : 0),
  );
  const hours: RefundsByHour = {};
  let refunded = 0;
  let cancelled = false;
  let netted = 0;
  for (const step of steps) {
    if (step.amount === null) cancelled = true;
    else refunded += step.amount;
    const target = Math.min(order.total, Math.max(refunded, cancelled ? order.total : 0));
    if (target === netted) continue;
    const hour = hourKey(Math.max(Date.parse(step.at), placedMs));
    hours[hour] = (hours[hour] ?? 0) + target - netted;
    netted = target;
  }
  return hours;
}

/** What to add to each hour's refunds to go from what is netted (`before`) to what should be. */
export function hourlyChanges(before: RefundsByHour, after: RefundsByHour): [string, number][] {
  const hours = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return hours
    .map((hour): [string, number] => [hour, (after[hour] ?? 0) - (before[hour] ?? 0)])
    .filter(([, change]) => change !== 0);
}
