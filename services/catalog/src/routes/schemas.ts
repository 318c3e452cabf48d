import { Type } from '@sinclair/typebox';
import { Int4, type ErrorBody } from '@bodega/contracts';
import { errorResponse } from '@bodega/kit';

/** The API prefix of every public route; the gateway forwards paths unchanged. */
export const API = '/api/v1';

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422;

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

/** A product in a path: its UUID or its slug (checked by the use case, which answers 400 otherwise). */
export const ProductIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 200, description: 'Product id (UUID) or slug' }) },
  { additionalProperties: false },
);

export const Limit = Int4({ minimum: 1, maximum: 100, default: 20 });
export const Cursor = Type.Optional(
  Type.String({ maxLength: 200, description: 'next_cursor of the previous page' }),
);
