import { decodeJwt } from 'jose';
import { Unauthorized } from '@bodega/errors';
import { verifyServiceToken, type VerifyServiceTokenOptions } from './service-token.js';

/** The header service tokens travel in: `Authorization` carries user tokens only. */
export const SERVICE_TOKEN_HEADER = 'x-service-token';

/** Tokens remembered by one guard; callers reuse a token for half its minute, so a few per caller. */
const MAX_VERIFIED = 1_000;

/**
 * The `onRequest` hook of `/internal/*` routes: the caller must send a valid service token in
 * `X-Service-Token`. It runs before the body is read, so strangers do not get to upload megabytes.
 * Throws Unauthorized `AUTHENTICATION_REQUIRED` without one, as `verifyServiceToken` does for a bad one.
 *
 * A token that verified is remembered until it expires: a caller sends the same token for 30 s, and
 * checking its signature again on every call cost about a tenth of an internal call's CPU. Its expiry
 * is still checked on every call (with the same clock tolerance), and only tokens that passed the
 * whole check, allowed services included, are remembered.
 */
export function serviceTokenGuard(secret: string | Uint8Array, options: VerifyServiceTokenOptions = {}) {
  const verified = new Map<string, number>();
  const tolerance = options.clockToleranceSec ?? 5;
  const nowSeconds = () => (options.now ?? (() => new Date()))().getTime() / 1000;
  return async (request: { headers: Record<string, string | string[] | undefined> }): Promise<void> => {
    const token = request.headers[SERVICE_TOKEN_HEADER];
    if (typeof token !== 'string' || token === '') {
      throw Unauthorized('This route needs a service token (X-Service-Token)', {
        code: 'AUTHENTICATION_REQUIRED',
      });
    }
    const expires = verified.get(token);
    if (expires !== undefined && expires + tolerance > nowSeconds()) return;
    verified.delete(token);
    await verifyServiceToken(secret, token, options);
    const { exp } = decodeJwt(token);
    if (typeof exp !== 'number') return;
    if (verified.size >= MAX_VERIFIED) verified.clear();
    verified.set(token, exp);
  };
}
