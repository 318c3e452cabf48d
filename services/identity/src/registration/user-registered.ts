import { writeEvent } from '@bodega/events';
import type { Executor } from '@bodega/db';
import { outbox, type UserRow } from '../db/schema.js';

/**
 * Announces a new account (`identity.user.registered`) through the outbox: written in the caller's
 * transaction, so the event exists if and only if the user does.
 */
export async function recordUserRegistered(tx: Executor, user: UserRow, traceParent?: string): Promise<void> {
  await writeEvent(tx, outbox, {
    type: 'identity.user.registered',
    source: 'identity',
    occurredAt: user.createdAt,
    ...(traceParent === undefined ? {} : { traceParent }),
    data: {
      user_id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      registered_at: user.createdAt.toISOString(),
    },
  });
}
