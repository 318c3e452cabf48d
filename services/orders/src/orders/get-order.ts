import type { Principal } from '@bodega/auth';
import type { Order } from '@bodega/contracts';
import type { OrdersDeps } from '../deps.js';
import { maySee } from './access.js';
import { findOrder, orderNotFound, withDetails } from './order-store.js';

/** GET /orders/{id}: the owner or staff; anyone else gets 404, as if it did not exist. */
export async function getOrder(deps: OrdersDeps, caller: Principal, id: string): Promise<Order> {
  const row = await findOrder(deps.db, id.toLowerCase());
  if (!row || !maySee(caller, row)) throw orderNotFound();
  const [order] = await withDetails(deps.db, [row]);
  if (!order) throw orderNotFound();
  return order;
}
