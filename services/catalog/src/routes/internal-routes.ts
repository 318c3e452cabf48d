import { Type } from '@sinclair/typebox';
import type { ServiceAuth } from '@bodega/auth';
import { EdgeHitReport, ProductLookupRequest, ProductLookupResult } from '@bodega/contracts';
import type { ServiceApp } from '@bodega/kit';
import type { CatalogDeps } from '../deps.js';
import { lookupProducts } from '../products/lookup-products.js';
import { BatchInput, BatchResult, insertBatch } from '../seed/insert-batch.js';
import { recordEdgeHits } from '../views/edge-hits.js';
import { registerReservationRoutes } from './reservation-routes.js';
import { errorResponses } from './schemas.js';

/** The contract's request, unknown fields refused (a misspelt field is a 400, not ignored). */
const LookupBody = Type.Object(ProductLookupRequest.properties, { additionalProperties: false });

/** A full batch (1,000 products with long descriptions) is several megabytes. */
const BATCH_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * Service-to-service routes, never reachable through the gateway. Each names the services that may
 * call it (the kit refuses an internal route that does not): seeding is the CLI's, lookups and stock
 * holds are orders', edge hits the gateway's (docs/adr/0016).
 */
export function registerInternalRoutes(app: ServiceApp, deps: CatalogDeps, auth: ServiceAuth): void {
  registerProductRoutes(app, deps, auth);
  registerReservationRoutes(app, deps, auth.allow('orders'));
}

function registerProductRoutes(internal: ServiceApp, deps: CatalogDeps, auth: ServiceAuth): void {
  internal.post(
    '/internal/products/batch',
    {
      onRequest: auth.allow('cli'),
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        summary: 'Insert categories and products that do not exist yet (seeding)',
        body: BatchInput,
        response: { 200: BatchResult, ...errorResponses(400, 401, 403, 413, 415, 422) },
      },
    },
    async (request) => insertBatch(deps, request.body, request.trace.traceparent),
  );

  internal.post(
    '/internal/products/lookup',
    {
      onRequest: auth.allow('orders'),
      schema: {
        summary: 'Live facts about up to 100 products (stock exact, read from the database)',
        body: LookupBody,
        response: { 200: ProductLookupResult, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request) => lookupProducts(deps, request.body.ids),
  );

  internal.post(
    '/internal/edge-hits',
    {
      onRequest: auth.allow('gateway'),
      schema: {
        summary: "Product reads the gateway's edge cache answered: recorded as views",
        body: EdgeHitReport,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      await recordEdgeHits(deps, request.body.hits);
      return reply.status(204).send(null);
    },
  );
}
