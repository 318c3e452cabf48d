import type { ServiceAuth } from '@bodega/auth';
import type { ServiceApp } from '@bodega/kit';
import type { OrdersDeps } from '../deps.js';
import { ImportInput, ImportResult, importOrders } from '../seed/import-orders.js';
import { errorResponses } from './schemas.js';

/** A full batch (1,000 orders of a few lines) is about a megabyte. */
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

/**
 * Service-to-service routes, never reachable through the gateway, each naming the services that may
 * call it (the kit refuses an internal route that does not): importing past orders is the CLI's seeding.
 */
export function registerInternalRoutes(app: ServiceApp, deps: OrdersDeps, auth: ServiceAuth): void {
  app.post(
    '/internal/orders/import',
    {
      onRequest: auth.allow('cli'),
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        summary: 'Load past orders that do not exist yet (seeding, migrating from another shop)',
        body: ImportInput,
        response: { 200: ImportResult, ...errorResponses(400, 401, 403, 413, 415, 422) },
      },
    },
    async (request) => importOrders(deps, request.body),
  );
}
