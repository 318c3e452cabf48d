import { Type } from '@sinclair/typebox';
import { Int4, type ErrorBody, Uuid } from '@bodega/contracts';
import { errorResponse } from '@bodega/kit';

/** The API prefix of every public route; the gateway forwards paths unchanged. */
export const API = '/api/v1';

type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 409 | 413 | 415 | 422 | 502;

/**
 * The error answers a route documents, all with the one standard body (ARCHITECTURE "Errors") and an
 * example of it, so the OpenAPI document lists them. 400 (validation) is implied for every route with input.
 */
export function errorResponses<const S extends ErrorStatus[]>(
  ...statuses: S
): Record<S[number], typeof ErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, errorResponse(status)])) as Record<
    S[number],
    typeof ErrorBody
  >;
}

/** A payment in a path: its UUID (anything else is a 400). */
export const PaymentIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const Limit = Int4({ minimum: 1, maximum: 100, default: 20 });
export const Cursor = Type.Optional(
  Type.String({ maxLength: 200, description: 'next_cursor of the previous page' }),
);
