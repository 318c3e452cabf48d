import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, exists, isNull, or } from 'drizzle-orm';
import type { Executor } from '@bodega/db';
import { Conflict } from '@bodega/errors';
import { idempotencyKeys, orders } from '../db/schema.js';
import { Unprocessable } from '../errors.js';

/** One customer's key for one request (method, path and body hashed). */
export interface IdempotencyScope {
  customerId: string;
  key: string;
  requestHash: string;
}

/** A response as first sent: replayed exactly. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

export type Claim = { claimed: true } | { claimed: false; response: StoredResponse };

const POLL_INTERVAL_MS = 50;

const where = (scope: Pick<IdempotencyScope, 'customerId' | 'key'>) =>
  and(eq(idempotencyKeys.customerId, scope.customerId), eq(idempotencyKeys.key, scope.key));

async function tryClaim(db: Executor, scope: IdempotencyScope, now: Date): Promise<boolean> {
  const inserted = await db
    .insert(idempotencyKeys)
    .values({ ...scope, state: 'in_progress', createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return inserted.length > 0;
}

/**
 * Claims the key for this request, or finds what to answer instead: the stored response of the first
 * request with this key and body (after waiting up to `waitMs` for it to finish), 422
 * `IDEMPOTENCY_KEY_REUSED` for another body, 409 `IDEMPOTENCY_IN_PROGRESS` when the first is still
 * running after the wait. The primary key decides between concurrent first requests.
 */
export async function claimKey(
  db: Executor,
  scope: IdempotencyScope,
  now: () => Date,
  waitMs: number,
): Promise<Claim> {
  const deadline = performance.now() + waitMs;
  for (;;) {
    if (await tryClaim(db, scope, now())) return { claimed: true };
    const [row] = await db.select().from(idempotencyKeys).where(where(scope));
    // Gone between the two statements (the first request gave its key back): try again.
    if (!row) continue;
    if (row.requestHash !== scope.requestHash) {
      throw Unprocessable(
        'This Idempotency-Key was used for another request; use a new key for a new request',
        {
          code: 'IDEMPOTENCY_KEY_REUSED',
        },
      );
    }
    if (row.state === 'done' && row.responseStatus !== null) {
      return { claimed: false, response: { status: row.responseStatus, body: row.responseBody } };
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0) {
      throw Conflict('A request with this Idempotency-Key is still being processed; retry shortly', {
        code: 'IDEMPOTENCY_IN_PROGRESS',
        headers: { 'retry-after': '1' },
      });
    }
    await sleep(Math.min(POLL_INTERVAL_MS, remaining));
  }
}

/** Ties the key to the order its request created (in the order's transaction). */
export async function linkOrder(
  tx: Executor,
  scope: IdempotencyScope,
  orderId: string,
  now: Date,
): Promise<void> {
  const linked = await tx
    .update(idempotencyKeys)
    .set({ orderId, updatedAt: now })
    .where(and(where(scope), eq(idempotencyKeys.state, 'in_progress'), isNull(idempotencyKeys.orderId)))
    .returning({ key: idempotencyKeys.key });
  // Only recovery removes a claimed key, and only long after its request stopped: this request is stale.
  if (linked.length === 0) throw new Error('the idempotency key of this checkout was released meanwhile');
}

/** Stores the response to replay. */
export async function finishKey(
  db: Executor,
  scope: Pick<IdempotencyScope, 'customerId' | 'key'>,
  response: StoredResponse,
  now: Date,
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ state: 'done', responseStatus: response.status, responseBody: response.body, updatedAt: now })
    .where(and(where(scope), eq(idempotencyKeys.state, 'in_progress')));
}

/**
 * Gives the key back after a failure that was not an answer about the request (a service down), so
 * the client's retry with it runs again: when it created nothing, or its order is already cancelled
 * (its compensation done: nothing charged, nothing held). A key whose order is still pending stays
 * claimed: recovery settles that order first.
 */
export async function releaseKey(
  db: Executor,
  scope: Pick<IdempotencyScope, 'customerId' | 'key'>,
): Promise<void> {
  const cancelled = db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.id, idempotencyKeys.orderId), eq(orders.status, 'cancelled')));
  await db
    .delete(idempotencyKeys)
    .where(
      and(
        where(scope),
        eq(idempotencyKeys.state, 'in_progress'),
        or(isNull(idempotencyKeys.orderId), exists(cancelled)),
      ),
    );
}
