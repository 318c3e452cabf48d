import type { EventData } from '@bodega/contracts';
import { newId } from '@bodega/db';

/** Valid data for `identity.user.registered`, unique per call. */
export function userRegistered(
  overrides: Partial<EventData<'identity.user.registered'>> = {},
): EventData<'identity.user.registered'> {
  const id = newId();
  return {
    user_id: id,
    email: `user-${id}@example.com`,
    name: null,
    role: 'customer',
    registered_at: new Date().toISOString(),
    ...overrides,
  };
}
