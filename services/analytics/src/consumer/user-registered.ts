import type { EventData } from '@bodega/contracts';
import type { Tx } from '@bodega/db';
import { customers } from '../db/schema.js';

/** `identity.user.registered`: a new customer (staff accounts are not customers). */
export async function applyUserRegistered(
  tx: Tx,
  data: EventData<'identity.user.registered'>,
): Promise<void> {
  if (data.role !== 'customer') return;
  await tx
    .insert(customers)
    .values({ customerId: data.user_id, registeredAt: new Date(data.registered_at) })
    .onConflictDoNothing();
}
