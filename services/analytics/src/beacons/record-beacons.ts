import type { BeaconAccepted, BeaconBatch } from '@bodega/contracts';
import { newId } from '@bodega/db';
import { AppError, RateLimited } from '@bodega/errors';
import { touchSessions } from '../consumer/rollups.js';
import { trackedEvents } from '../db/schema.js';
import type { AnalyticsDeps } from '../deps.js';
import { checkBeacons, sessionTouchOf } from './beacon-rules.js';

/**
 * `POST /events`: checks the batch (product ids, times), takes it from the session's budget, then
 * stores every event in one multi-row insert and moves the session along the funnel, in one
 * transaction. `userId` is the signed-in caller, if any.
 */
export async function recordBeacons(
  deps: AnalyticsDeps,
  batch: BeaconBatch,
  userId: string | null,
): Promise<BeaconAccepted> {
  const now = deps.now();
  try {
    checkBeacons(batch, now);
  } catch (error) {
    if (error instanceof AppError) deps.metrics.beaconsRejected.inc({ reason: error.code.toLowerCase() });
    throw error;
  }
  const verdict = await deps.limiter.take(batch.session_id, batch.events.length, now);
  if (!verdict.allowed) {
    deps.metrics.beaconsRejected.inc({ reason: 'rate_limited' });
    throw RateLimited('This session sent too many events; retry later', {
      code: 'RATE_LIMITED',
      details: { retry_after_seconds: verdict.retryAfterSeconds },
      headers: { 'retry-after': String(verdict.retryAfterSeconds) },
    });
  }
  const rows = batch.events.map((event) => ({
    id: newId(),
    sessionId: batch.session_id,
    userId,
    type: event.type,
    productId: event.product_id ?? null,
    properties: event.properties ?? null,
    occurredAt: new Date(event.occurred_at),
    receivedAt: now,
  }));
  await deps.db.transaction(async (tx) => {
    await tx.insert(trackedEvents).values(rows);
    await touchSessions(tx, [sessionTouchOf(batch, userId)]);
  });
  for (const event of batch.events) deps.metrics.ingested.inc({ source: 'beacon', type: event.type });
  return { accepted: rows.length };
}
