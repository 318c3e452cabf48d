import { Unauthorized } from '@bodega/errors';
import { verifyServiceToken, type VerifyServiceTokenOptions } from './service-token.js';

/** The header service tokens travel in: `Authorization` carries user tokens only. */
export const SERVICE_TOKEN_HEADER = 'x-service-token';

/**
 * The `onRequest` hook of `/internal/*` routes: the caller must send a valid service token in
 * `X-Service-Token`. It runs before the body is read, so strangers do not get to upload megabytes.
 * Throws Unauthorized `AUTHENTICATION_REQUIRED` without one, as `verifyServiceToken` does for a bad one.
 */
export function serviceTokenGuard(secret: string | Uint8Array, options: VerifyServiceTokenOptions = {}) {
  return async (request: { headers: Record<string, string | string[] | undefined> }): Promise<void> => {
    const token = request.headers[SERVICE_TOKEN_HEADER];
    if (typeof token !== 'string' || token === '') {
      throw Unauthorized('This route needs a service token (X-Service-Token)', {
        code: 'AUTHENTICATION_REQUIRED',
      });
    }
    await verifyServiceToken(secret, token, options);
  };
}
