import { serviceTokenGuard } from '@bodega/auth';
import type { ServiceApp } from '@bodega/kit';
import type { OrdersDeps } from '../deps.js';
import { ImportInput, ImportResult, importOrders } from '../seed/import-orders.js';
import { errorResponses } from './schemas.js';

/** A full batch (1,000 orders of a few lines) is about a megabyte. */
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

/**
 * Service-to-service routes, never reachable through the gateway, in one scope whose `onRequest` hook
 * checks the service token: no internal route can be added without it.
 */
export function registerInternalRoutes(app: ServiceApp, deps: OrdersDeps, serviceTokenSecret: string): void {
  void app.register(async (internal) => {
    internal.addHook('onRequest', serviceTokenGuard(serviceTokenSecret));
    registerImportRoute(internal, deps);
  });
}

function registerImportRoute(internal: ServiceApp, deps: OrdersDeps): void {
  internal.post(
    '/internal/orders/import',
    {
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
