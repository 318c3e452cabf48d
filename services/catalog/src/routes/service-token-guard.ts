import type { FastifyRequest } from 'fastify';
import { verifyServiceToken } from '@bodega/auth';
import { Unauthorized } from '@bodega/errors';

/**
 * The `onRequest` hook of every `/internal/*` route: the caller must send a valid service token in
 * `X-Service-Token` (not `Authorization`, which the kit reads as a user's access token). It runs
 * before the body is read, so strangers do not get to upload megabytes.
 */
export function serviceTokenGuard(serviceTokenSecret: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = request.headers['x-service-token'];
    if (typeof token !== 'string' || token === '') {
      throw Unauthorized('This route needs a service token (X-Service-Token)', {
        code: 'AUTHENTICATION_REQUIRED',
      });
    }
    await verifyServiceToken(serviceTokenSecret, token);
  };
}
