import type { Principal } from '@bodega/auth';
import type { OrderRow } from '../db/schema.js';

/** Managers and admins see and act on every order. */
export function isStaff(caller: Principal): boolean {
  return caller.role === 'manager' || caller.role === 'admin';
}

/** Whether the caller may see the order: its customer, or staff. */
export function maySee(caller: Principal, order: Pick<OrderRow, 'customerId'>): boolean {
  return order.customerId === caller.user_id || isStaff(caller);
}
