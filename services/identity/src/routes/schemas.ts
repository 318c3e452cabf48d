import type { ErrorBody } from '@bodega/contracts';
import { errorResponse } from '@bodega/kit';

/** The API prefix of every public route; the gateway forwards paths unchanged. */
export const API = '/api/v1';

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415;

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

/** Bodies of the auth routes are a few hundred bytes; a tighter limit than the service default. */
export const AUTH_BODY_LIMIT = 16 * 1024;
