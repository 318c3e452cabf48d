import { Type, type Static } from '@sinclair/typebox';
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Principal } from '@bodega/auth';
import { Int4, OrderStatus, type Order, type PageOf } from '@bodega/contracts';
import { decodeCursor, encodeCursor, isUuid } from '@bodega/db';
import { Forbidden } from '@bodega/errors';
import { orders } from '../db/schema.js';
import type { OrdersDeps } from '../deps.js';
import { isStaff } from './access.js';
import { withDetails } from './order-store.js';

export const ListOrdersQuery = Type.Object(
  {
    limit: Int4({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'next_cursor of the previous page' })),
    status: Type.Optional(OrderStatus),
    customer_id: Type.Optional(
      Type.String({ format: 'uuid', description: 'Managers and admins: one customer’s orders' }),
    ),
  },
  { additionalProperties: false },
);
export type ListOrdersQuery = Static<typeof ListOrdersQuery>;

const CURSOR_KIND = 'o1';

/**
 * GET /orders: a customer's own orders; every order for managers and admins (who may filter by
 * customer). Newest first, keyset on the UUIDv7 id, so a page costs the same however deep.
 */
export async function listOrders(
  deps: OrdersDeps,
  caller: Principal,
  query: ListOrdersQuery,
): Promise<PageOf<Order>> {
  const staff = isStaff(caller);
  if (!staff && query.customer_id !== undefined && query.customer_id.toLowerCase() !== caller.user_id) {
    throw Forbidden('Customers see only their own orders', { code: 'FORBIDDEN' });
  }
  const customerId = staff ? query.customer_id?.toLowerCase() : caller.user_id;
  const before = query.cursor === undefined ? undefined : decodeCursor(CURSOR_KIND, query.cursor, isUuid);
  const rows = await deps.db
    .select()
    .from(orders)
    .where(
      and(
        customerId === undefined ? undefined : eq(orders.customerId, customerId),
        query.status === undefined ? undefined : eq(orders.status, query.status),
        before === undefined ? undefined : lt(orders.id, before),
      ),
    )
    .orderBy(desc(orders.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: await withDetails(deps.db, page),
    next_cursor: rows.length > query.limit && last ? encodeCursor(CURSOR_KIND, last.id) : null,
  };
}
