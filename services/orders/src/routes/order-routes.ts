import { requireAuthenticated, requireRole } from '@bodega/auth';
import { Order, Page } from '@bodega/contracts';
import type { ServiceApp } from '@bodega/kit';
import { Type } from '@sinclair/typebox';
import type { OrdersDeps } from '../deps.js';
import { cancelOrder, CancelInput } from '../orders/cancel-order.js';
import { changeStatus, StatusChangeInput } from '../orders/change-status.js';
import { getOrder } from '../orders/get-order.js';
import { listOrders, ListOrdersQuery } from '../orders/list-orders.js';
import { API, errorResponses, OrderIdParams } from './schemas.js';

const OrderPage = Type.Object(Page(Order).properties, { additionalProperties: false });

/** Orders after checkout: reading, cancelling (refund), shipping and delivering. */
export function registerOrderRoutes(app: ServiceApp, deps: OrdersDeps): void {
  app.get(
    `${API}/orders`,
    {
      schema: {
        summary: 'My orders; every order for managers and admins (filters: status, customer_id)',
        querystring: ListOrdersQuery,
        response: { 200: OrderPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => listOrders(deps, requireAuthenticated(request.principal), request.query),
  );

  app.get(
    `${API}/orders/:id`,
    {
      schema: {
        summary: 'One order (its customer, managers and admins)',
        params: OrderIdParams,
        response: { 200: Order, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => getOrder(deps, requireAuthenticated(request.principal), request.params.id),
  );

  app.post(
    `${API}/orders/:id/cancel`,
    {
      schema: {
        summary: 'Cancel a paid order: refunded in full, stock returned (its customer, managers and admins)',
        params: OrderIdParams,
        // The body is optional: no body at all cancels without a reason.
        body: Type.Union([CancelInput, Type.Null(), Type.Undefined()]),
        response: { 200: Order, ...errorResponses(400, 401, 404, 409, 415, 503) },
      },
    },
    async (request) =>
      cancelOrder(
        deps,
        requireAuthenticated(request.principal),
        request.params.id,
        request.body ?? {},
        request.trace.traceparent,
      ),
  );

  app.post(
    `${API}/orders/:id/status`,
    {
      schema: {
        summary: 'Ship or deliver an order (manager, admin)',
        params: OrderIdParams,
        body: StatusChangeInput,
        response: { 200: Order, ...errorResponses(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request) =>
      changeStatus(
        deps,
        requireRole(request.principal, 'manager', 'admin'),
        request.params.id,
        request.body,
        request.trace.traceparent,
      ),
  );
}
