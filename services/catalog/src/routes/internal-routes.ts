import { verifyServiceToken } from '@bodega/auth';
import { Unauthorized } from '@bodega/errors';
import type { ServiceApp } from '@bodega/kit';
import type { CatalogDeps } from '../deps.js';
import { BatchInput, BatchResult, insertBatch } from '../seed/insert-batch.js';
import { errorResponses } from './schemas.js';

/** A full batch (1,000 products with long descriptions) is several megabytes. */
const BATCH_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * Service-to-service routes, never reachable through the gateway. The service token travels in
 * `X-Service-Token` (not `Authorization`, which the kit reads as a user's access token).
 */
export function registerInternalRoutes(app: ServiceApp, deps: CatalogDeps, serviceTokenSecret: string): void {
  app.post(
    '/internal/products/batch',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        summary: 'Insert categories and products that do not exist yet (seeding)',
        body: BatchInput,
        response: { 200: BatchResult, ...errorResponses(400, 401, 403, 413, 415, 422) },
      },
      // Before the body is read: strangers do not get to upload megabytes.
      onRequest: async (request) => {
        const token = request.headers['x-service-token'];
        if (typeof token !== 'string' || token === '') {
          throw Unauthorized('This route needs a service token (X-Service-Token)', {
            code: 'AUTHENTICATION_REQUIRED',
          });
        }
        await verifyServiceToken(serviceTokenSecret, token);
      },
    },
    async (request) => insertBatch(deps, request.body, request.trace.traceparent),
  );
}
