import { Type } from '@sinclair/typebox';
import { serviceTokenGuard } from '@bodega/auth';
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
 * Service-to-service routes, never reachable through the gateway. They all live in one scope whose
 * `onRequest` hook checks the service token, so no internal route can be added without it.
 */
export function registerInternalRoutes(app: ServiceApp, deps: CatalogDeps, serviceTokenSecret: string): void {
  void app.register(async (internal) => {
    internal.addHook('onRequest', serviceTokenGuard(serviceTokenSecret));
    registerProductRoutes(internal, deps);
    registerReservationRoutes(internal, deps);
  });
}

function registerProductRoutes(internal: ServiceApp, deps: CatalogDeps): void {
  internal.post(
    '/internal/products/batch',
    {
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
