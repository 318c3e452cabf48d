import { Type } from '@sinclair/typebox';
import { Reservation, ReservationRequest, Uuid } from '@bodega/contracts';
import type { ServiceTokenHook } from '@bodega/auth';
import type { ServiceApp } from '@bodega/kit';
import type { CatalogDeps } from '../deps.js';
import {
  commitReservation,
  readReservation,
  releaseReservation,
  returnReservation,
} from '../reservations/change-reservation.js';
import { placeHold } from '../reservations/place-hold.js';
import { errorResponses } from './schemas.js';

/** The contract's request, unknown fields refused (a misspelt `ttl_seconds` is a 400, not ignored). */
const HoldBody = Type.Object(ReservationRequest.properties, { additionalProperties: false });
const ReservationIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

/** Stock holds for checkouts: hold, read, commit, release, return; `onRequest` lets orders alone in. */
export function registerReservationRoutes(
  internal: ServiceApp,
  deps: CatalogDeps,
  onRequest: ServiceTokenHook,
): void {
  internal.post(
    '/internal/reservations',
    {
      onRequest,
      schema: {
        summary: 'Hold stock for an order, all lines or none (201; 200 when the id exists)',
        body: HoldBody,
        response: {
          200: Reservation,
          201: Reservation,
          ...errorResponses(400, 401, 403, 409, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const { reservation, created } = await placeHold(deps, request.body, request.trace.traceparent);
      return reply.status(created ? 201 : 200).send(reservation);
    },
  );

  internal.get(
    '/internal/reservations/:id',
    {
      onRequest,
      schema: {
        summary: 'One reservation',
        params: ReservationIdParams,
        response: { 200: Reservation, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => readReservation(deps, request.params.id),
  );

  const change = {
    params: ReservationIdParams,
    response: { 200: Reservation, ...errorResponses(400, 401, 403, 404, 409) },
  };
  internal.post(
    '/internal/reservations/:id/commit',
    {
      onRequest,
      schema: { summary: 'The units are sold (a lapsed hold takes them again if it can)', ...change },
    },
    async (request) => commitReservation(deps, request.params.id, request.trace.traceparent),
  );
  internal.post(
    '/internal/reservations/:id/release',
    { onRequest, schema: { summary: 'The checkout gave up: the units go back on sale', ...change } },
    async (request) => releaseReservation(deps, request.params.id, request.trace.traceparent),
  );
  internal.post(
    '/internal/reservations/:id/return',
    { onRequest, schema: { summary: 'A sold order was cancelled: its units go back on sale', ...change } },
    async (request) => returnReservation(deps, request.params.id, request.trace.traceparent),
  );
}
