import { decodeJwt } from 'jose';
import { Internal, Unauthorized } from '@bodega/errors';
import type { ServicePublicKeys } from './service-keys.js';
import { serviceNotAllowed, verifyServiceToken } from './service-token.js';

/** The header service tokens travel in: `Authorization` carries user tokens only. */
export const SERVICE_TOKEN_HEADER = 'x-service-token';

/** Tokens remembered by one guard; callers reuse a token for half its minute, so a few per caller. */
const MAX_VERIFIED = 1_000;

const callersKey = Symbol('bodega.serviceCallers');

/** The `onRequest` hook of one internal route, carrying the services it lets through. */
export interface ServiceTokenHook {
  (request: { headers: Record<string, string | string[] | undefined> }): Promise<void>;
  readonly [callersKey]: readonly string[];
}

/** The guard of one service's `/internal/*` routes: one hook per route, one memory of verified tokens. */
export interface ServiceTokenGuard {
  /** The hook of a route that only `callers` may call; any other valid caller gets 403 `SERVICE_NOT_ALLOWED`. */
  allow(...callers: string[]): ServiceTokenHook;
}

/** Options of {@link serviceTokenGuard}. */
export interface ServiceTokenGuardOptions {
  /** The service guarded: tokens must name it as their audience. */
  audience: string;
  clockToleranceSec?: number;
  now?: () => Date;
}

/**
 * The services a hook made by {@link ServiceTokenGuard.allow} lets through, or undefined for any other
 * function: the kit refuses an `/internal/*` route without such a hook.
 */
export function allowedCallersOf(hook: unknown): readonly string[] | undefined {
  return typeof hook === 'function' ? (hook as Partial<ServiceTokenHook>)[callersKey] : undefined;
}

/**
 * Guards `/internal/*` routes: the caller must send, in `X-Service-Token`, a valid token for this service
 * signed with its own key (`publicKeys` holds every caller's), and be on the route's allow-list. The hook
 * runs before the body is read, so strangers do not get to upload megabytes. Throws Unauthorized
 * `AUTHENTICATION_REQUIRED` without a token, as `verifyServiceToken` does for a bad one.
 *
 * A token that verified is remembered, with its caller, until it expires: a caller sends the same token
 * for 30 s, and checking its signature on every call would cost more than the call on the checkout path.
 * Its expiry and the route's allow-list are still checked on every call (with the same clock tolerance).
 */
export function serviceTokenGuard(
  publicKeys: ServicePublicKeys,
  options: ServiceTokenGuardOptions,
): ServiceTokenGuard {
  const verified = new Map<string, { exp: number; service: string }>();
  const tolerance = options.clockToleranceSec ?? 5;
  const nowSeconds = () => (options.now ?? (() => new Date()))().getTime() / 1000;

  const callerOf = async (token: string): Promise<string> => {
    const known = verified.get(token);
    if (known !== undefined && known.exp + tolerance > nowSeconds()) return known.service;
    verified.delete(token);
    const { service } = await verifyServiceToken(publicKeys, token, options);
    const { exp } = decodeJwt(token);
    if (typeof exp === 'number') {
      if (verified.size >= MAX_VERIFIED) verified.clear();
      verified.set(token, { exp, service });
    }
    return service;
  };

  return {
    allow(...callers) {
      if (callers.length === 0) {
        throw Internal('An internal route must name the services that may call it', {
          code: 'NO_SERVICE_CALLERS',
        });
      }
      const allowed = [...callers];
      const hook = async (request: { headers: Record<string, string | string[] | undefined> }) => {
        const token = request.headers[SERVICE_TOKEN_HEADER];
        if (typeof token !== 'string' || token === '') {
          throw Unauthorized('This route needs a service token (X-Service-Token)', {
            code: 'AUTHENTICATION_REQUIRED',
          });
        }
        if (!allowed.includes(await callerOf(token))) throw serviceNotAllowed();
      };
      return Object.assign(hook, { [callersKey]: allowed });
    },
  };
}
