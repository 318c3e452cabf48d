import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, isNull, lt, ne } from 'drizzle-orm';
import type { Payment } from '@bodega/contracts';
import { errorBody } from '@bodega/errors';
import { UpstreamRefusal } from '../clients/service-call.js';
import { giveBackStock, releasePayment, undoAll } from '../checkout/compensations.js';
import { cancelCheckout, decideCancel, markPaid } from '../checkout/order-writes.js';
import { cancelReasons, checkoutOutcome } from '../checkout/outcome.js';
import { idempotencyKeys, orders, type OrderRow } from '../db/schema.js';
import type { OrdersDeps } from '../deps.js';
import { finishKey, releaseKey } from '../idempotency/idempotency-store.js';
import { isFinalAnswer } from '../idempotency/idempotent.js';
import { cancelPaidOrder } from '../orders/cancel-order.js';
import { loadOrder } from '../orders/order-store.js';

/** Orders claimed per transaction: small, so replicas share the work and no lock is held long. */
const BATCH_SIZE = 10;
/** Batches per run at most, so one run stays short however large the backlog. */
const MAX_BATCHES = 20;

/** What one recovery run did, by order id. */
export interface RecoveryReport {
  /** Checkouts completed: paid. */
  completed: string[];
  /** Checkouts compensated, and paid orders whose cancellation was finished: cancelled. */
  cancelled: string[];
  /** Left for a later run: a service did not answer. */
  deferred: string[];
  keysFinished: number;
  keysReleased: number;
}

/**
 * Pending orders nobody touched for RECOVERY_STALE_AFTER_MS, claimed with `FOR UPDATE SKIP LOCKED`
 * and touched in the same transaction: another replica skips them now, and will not pick them up
 * again before they are stale once more.
 */
async function claimStale(
  deps: OrdersDeps,
  now: Date,
  which: 'checkouts' | 'cancellations',
): Promise<OrderRow[]> {
  const staleBefore = new Date(now.getTime() - deps.recoveryStaleAfterMs);
  const state =
    which === 'checkouts'
      ? eq(orders.status, 'pending')
      : and(eq(orders.status, 'paid'), isNotNull(orders.refundId));
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(orders)
      .where(and(state, lt(orders.updatedAt, staleBefore)))
      .orderBy(asc(orders.updatedAt))
      .limit(BATCH_SIZE)
      .for('update', { skipLocked: true });
    if (rows.length > 0) {
      await tx
        .update(orders)
        .set({ updatedAt: now })
        .where(
          inArray(
            orders.id,
            rows.map((row) => row.id),
          ),
        );
    }
    return rows;
  });
}

/** Undoes a checkout: no charge (void, or refund if captured), the stock back, then cancelled. */
async function compensate(deps: OrdersDeps, order: OrderRow, reason: string): Promise<void> {
  await decideCancel(deps, order.id, reason);
  let refunded = false;
  // Both, even when payments is still down: the stock goes back now, the void waits for the next run.
  await undoAll([
    async () => {
      ({ refunded } = await releasePayment(deps.payments, order.id, reason));
    },
    () => giveBackStock(deps.catalog, order.id),
  ]);
  await cancelCheckout(deps, order.id, reason, { wasPaid: refunded });
}

/** Finishes a checkout whose payment went through: commit the stock, capture, paid. */
async function complete(
  deps: OrdersDeps,
  order: OrderRow,
  payment: Payment,
): Promise<'completed' | 'cancelled'> {
  try {
    await deps.catalog.commit(order.id);
  } catch (error) {
    if (!(error instanceof UpstreamRefusal)) throw error;
    // The hold expired and its stock was sold meanwhile: the money goes back.
    await compensate(deps, order, cancelReasons.outOfStock);
    return 'cancelled';
  }
  if (payment.status === 'authorized') {
    try {
      await deps.payments.capture(payment.id);
    } catch (error) {
      if (!(error instanceof UpstreamRefusal)) throw error;
      await compensate(deps, order, cancelReasons.paymentUnavailable);
      return 'cancelled';
    }
  }
  await markPaid(deps, order.id, payment.id);
  return 'completed';
}

/**
 * Settles one checkout left half-done. A decided cancel (a compensation failed) is finished. Otherwise
 * payments says how far it got: authorized or captured means the shopper paid, so the order is
 * completed; anything else (no payment, declined, voided) means it is compensated and cancelled.
 */
async function settle(deps: OrdersDeps, order: OrderRow): Promise<'completed' | 'cancelled'> {
  if (order.cancelReason !== null) {
    await compensate(deps, order, order.cancelReason);
    return 'cancelled';
  }
  const payment = await deps.payments.byOrder(order.id);
  if (payment && (payment.status === 'authorized' || payment.status === 'captured')) {
    return complete(deps, order, payment);
  }
  const reason = payment?.status === 'declined' ? cancelReasons.paymentDeclined : cancelReasons.abandoned;
  await compensate(deps, order, reason);
  return 'cancelled';
}

/**
 * Keys whose checkout is over but whose response was never stored (the process stopped first) get
 * the final outcome, so a replay answers it; keys that never got as far as an order, or whose order
 * was cancelled for an outage (no final answer), are released.
 */
async function settleKeys(deps: OrdersDeps, now: Date, report: RecoveryReport): Promise<void> {
  const staleBefore = new Date(now.getTime() - deps.recoveryStaleAfterMs);
  const open = await deps.db
    .select({
      customerId: idempotencyKeys.customerId,
      key: idempotencyKeys.key,
      orderId: idempotencyKeys.orderId,
    })
    .from(idempotencyKeys)
    .innerJoin(orders, eq(orders.id, idempotencyKeys.orderId))
    .where(
      and(
        eq(idempotencyKeys.state, 'in_progress'),
        isNotNull(idempotencyKeys.orderId),
        lt(idempotencyKeys.updatedAt, staleBefore),
        ne(orders.status, 'pending'),
      ),
    )
    .limit(BATCH_SIZE * MAX_BATCHES);
  for (const key of open) {
    if (key.orderId === null) continue;
    const outcome = checkoutOutcome(await loadOrder(deps.db, key.orderId));
    if (!outcome) continue;
    if ('error' in outcome && !isFinalAnswer(outcome.error.status)) {
      // Cancelled because a service was down: the retry with this key should check out again.
      await releaseKey(deps.db, key);
      report.keysReleased += 1;
      continue;
    }
    const response =
      'error' in outcome
        ? {
            status: outcome.error.status,
            body: errorBody(
              outcome.error.code,
              outcome.error.message,
              randomUUID(),
              outcome.error.details,
              now,
            ),
          }
        : outcome;
    await finishKey(deps.db, key, response, now);
    report.keysFinished += 1;
  }
  const released = await deps.db
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.state, 'in_progress'),
        isNull(idempotencyKeys.orderId),
        lt(idempotencyKeys.updatedAt, staleBefore),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  report.keysReleased += released.length;
}

/**
 * The recovery job, one run: finishes or compensates every checkout left half-done by a crash or a
 * failed compensation, finishes paid orders' cancellations that stopped halfway (refund, stock
 * return), then settles idempotency keys. `now` is the run's clock (tests pass one
 * in the future to make fresh orders look stale). Safe to run on several replicas at once.
 */
export async function recoverCheckouts(deps: OrdersDeps, now: Date): Promise<RecoveryReport> {
  const report: RecoveryReport = {
    completed: [],
    cancelled: [],
    deferred: [],
    keysFinished: 0,
    keysReleased: 0,
  };
  await inBatches(deps, now, 'checkouts', report, (order) => settle(deps, order));
  await inBatches(deps, now, 'cancellations', report, async (order) => {
    await cancelPaidOrder(deps, order.id, { by: null, reason: order.cancelReason ?? 'cancelled' });
    return 'cancelled';
  });
  await settleKeys(deps, now, report);
  return report;
}

/** Claims stale orders a batch at a time and settles each; one that cannot be settled now is deferred. */
async function inBatches(
  deps: OrdersDeps,
  now: Date,
  which: 'checkouts' | 'cancellations',
  report: RecoveryReport,
  work: (order: OrderRow) => Promise<'completed' | 'cancelled'>,
): Promise<void> {
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const claimed = await claimStale(deps, now, which);
    for (const order of claimed) {
      try {
        const result = await work(order);
        report[result].push(order.id);
        deps.logger.info({ order_id: order.id, result }, `recovery settled one of the ${which}`);
      } catch (error) {
        report.deferred.push(order.id);
        deps.logger.warn(
          { err: error, order_id: order.id },
          `recovery could not settle one of the ${which} yet`,
        );
      }
    }
    if (claimed.length < BATCH_SIZE) return;
  }
}
