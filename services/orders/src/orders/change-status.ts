import { Type, type Static } from '@sinclair/typebox';
import type { Principal } from '@bodega/auth';
import type { Order } from '@bodega/contracts';
import type { OrdersDeps } from '../deps.js';
import { loadOrder, lockOrder } from './order-store.js';
import { transition } from './transition.js';

/** POST /orders/{id}/status: what staff move an order to by hand. */
export const StatusChangeInput = Type.Object(
  {
    status: Type.Union([Type.Literal('shipped'), Type.Literal('delivered')]),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type StatusChangeInput = Static<typeof StatusChangeInput>;

/**
 * Ships or delivers an order (manager, admin), along the status machine (409 `INVALID_TRANSITION`),
 * never while its cancellation is refunding it (409 `CANCELLATION_PENDING`, decided under the lock).
 */
export async function changeStatus(
  deps: OrdersDeps,
  caller: Principal,
  id: string,
  input: StatusChangeInput,
  traceParent?: string,
): Promise<Order> {
  await deps.db.transaction(async (tx) => {
    const order = await lockOrder(tx, id.toLowerCase());
    await transition(tx, order, {
      to: input.status,
      by: caller.user_id,
      reason: input.reason ?? null,
      at: deps.now(),
      traceParent,
    });
  });
  deps.logger.info({ order_id: id, status: input.status }, 'order status changed');
  return loadOrder(deps.db, id.toLowerCase());
}
