import type { Tx } from '@bodega/db';
import { errorBody, isAppError } from '@bodega/errors';
import type { OrdersDeps } from '../deps.js';
import { claimKey, finishKey, linkOrder, releaseKey, type IdempotencyScope } from './idempotency-store.js';

/**
 * Outcomes stored and replayed: success and the refusals that decide this request (declined 402, out
 * of stock 409, a product or promotion that is not there 422). Anything else (a 503 while a service
 * was down, a 504, a 429) says nothing about the request: stored, it would be answered again long
 * after the outage, so the key is given back and the retry runs the checkout again.
 */
const FINAL_STATUSES: ReadonlySet<number> = new Set([201, 402, 409, 422]);

/** Whether a checkout's answer is final, and so stored under its key. */
export function isFinalAnswer(status: number): boolean {
  return FINAL_STATUSES.has(status);
}

export interface IdempotentResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  replayed: boolean;
}

/** What `work` does with the key, each in one of its own transactions. */
export interface KeyWrites {
  /** Ties the key to the order the request created. */
  link: (tx: Tx, orderId: string) => Promise<void>;
  /** Stores `body` as the request's 201 answer (nothing is left to store after `work`). */
  answer: (tx: Tx, body: unknown) => Promise<void>;
}

/**
 * Runs a checkout at most once per customer and key. The first request runs `work` and its final
 * outcome (201, 402, 409 or 422, as the standard error body) is stored and sent; a repeat with the
 * same body gets exactly that response back (`replayed`), a concurrent one waits for it. Any other
 * failure gives the key back when no order was created or its order was cancelled already (nothing
 * charged, nothing held), or leaves it to recovery when its order is still pending.
 */
export async function runIdempotent(
  deps: OrdersDeps,
  scope: IdempotencyScope,
  requestId: string,
  work: (key: KeyWrites) => Promise<unknown>,
): Promise<IdempotentResponse> {
  const claim = await claimKey(deps.db, scope, deps.now, deps.idempotencyWaitMs);
  if (!claim.claimed) return { ...claim.response, headers: {}, replayed: true };

  // Set when `work` stored its 201 in its own transaction: once `work` resolved, that one committed.
  const stored = { answered: false };
  let response: { status: number; body: unknown; headers: Record<string, string> };
  try {
    const body = await work({
      link: (tx, orderId) => linkOrder(tx, scope, orderId, deps.now()),
      answer: async (tx, answer) => {
        await finishKey(tx, scope, { status: 201, body: answer }, deps.now());
        stored.answered = true;
      },
    });
    if (stored.answered) return { status: 201, body, headers: {}, replayed: false };
    response = { status: 201, body, headers: {} };
  } catch (error) {
    if (!isAppError(error) || !isFinalAnswer(error.status)) {
      await releaseKey(deps.db, scope).catch((releaseError: unknown) => {
        deps.logger.warn({ err: releaseError }, 'could not release an idempotency key');
      });
      throw error;
    }
    response = {
      status: error.status,
      body: errorBody(error.code, error.message, requestId, error.details, deps.now()),
      headers: error.headers,
    };
  }
  try {
    await finishKey(deps.db, scope, { status: response.status, body: response.body }, deps.now());
  } catch (error) {
    // The answer stands; recovery stores it from the order later (or the key is reaped if none).
    deps.logger.error({ err: error }, 'could not store the response of an idempotency key');
  }
  return { ...response, replayed: false };
}
