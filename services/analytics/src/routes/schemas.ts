import type { ErrorBody } from '@bodega/contracts';
import { errorResponse } from '@bodega/kit';

/** The API prefix of every public route; the gateway forwards paths unchanged. */
export const API = '/api/v1';

type ErrorStatus = 400 | 401 | 403 | 413 | 415 | 422 | 429;

/**
 * The error answers a route documents, all with the one standard body (ARCHITECTURE "Errors") and an
 * example of it.
 */
export function errorResponses<const S extends ErrorStatus[]>(
  ...statuses: S
): Record<S[number], typeof ErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, errorResponse(status)])) as Record<
    S[number],
    typeof ErrorBody
  >;
}
