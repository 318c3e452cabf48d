/**
 * Service tokens authenticate service-to-service calls to `/internal/*` (docs/adr/0016): short-lived
 * EdDSA JWTs each service signs with its own private key, for one callee (`aud`), verified with the
 * caller's public key. A service holding only its own key can speak only as itself. Access tokens are
 * signed by identity's key for another audience, so neither kind of token is ever accepted as the other.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import { decodeJwt, errors, jwtVerify, SignJWT } from 'jose';
import type { JWTPayload } from 'jose';
import { Forbidden, Internal, Unauthorized } from '@bodega/errors';
import type { AppError } from '@bodega/errors';
import {
  SERVICE_NAME,
  importServicePrivateKey,
  type ServicePrivateKey,
  type ServicePublicKeys,
} from './service-keys.js';

/** Service tokens live one minute. */
export const SERVICE_TOKEN_TTL_SECONDS = 60;
/** The signature algorithm of service tokens: Ed25519. */
export const SERVICE_TOKEN_ALG = 'EdDSA';

const SUBJECT_PREFIX = 'service:';

/** Hands out one service's tokens, one per callee, each reused while it has at least half its life left. */
export interface ServiceTokenSigner {
  readonly service: string;
  /** A token for calls to `audience` (the callee's service name), to send in `X-Service-Token`. */
  token: (audience: string) => Promise<string>;
}

/** Options of {@link createServiceTokenSigner}. */
export interface ServiceTokenSignerOptions {
  ttlSeconds?: number;
  now?: () => Date;
}

/** The identity a valid service token proves. */
export interface ServiceCaller {
  service: string;
}

/** Options of {@link verifyServiceToken}. */
export interface VerifyServiceTokenOptions {
  /** The service verifying: a token for another audience is invalid. */
  audience: string;
  /** The services allowed to call; others get Forbidden `SERVICE_NOT_ALLOWED`. Default: any. */
  allowedServices?: readonly string[];
  /** Allowed clock skew between services, in seconds. Default 5. */
  clockToleranceSec?: number;
  now?: () => Date;
}

/**
 * A signer for `serviceName` (lowercase, e.g. `orders`) with its private key (`SERVICE_PRIVATE_KEY`, or
 * one already imported). Throws Internal `INVALID_SERVICE_KEY` at once for a malformed key, so a bad
 * configuration stops the service at boot.
 */
export function createServiceTokenSigner(
  privateKey: string | ServicePrivateKey,
  serviceName: string,
  options: ServiceTokenSignerOptions = {},
): ServiceTokenSigner {
  const { key } = typeof privateKey === 'string' ? importServicePrivateKey(privateKey) : privateKey;
  checkServiceName(serviceName);
  const ttlSeconds = options.ttlSeconds ?? SERVICE_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw Internal('Service token ttlSeconds must be a positive integer', {
      code: 'INVALID_SERVICE_TOKEN_TTL',
    });
  }
  const now = options.now ?? (() => new Date());
  const cached = new Map<string, { token: string; refreshAtMs: number }>();

  return {
    service: serviceName,
    token: async (audience) => {
      const nowMs = now().getTime();
      let entry = cached.get(audience);
      if (entry === undefined || nowMs >= entry.refreshAtMs) {
        checkServiceName(audience);
        const iat = Math.floor(nowMs / 1000);
        // Refreshing at half-life means a sent token always has time left for retries and clock skew.
        entry = {
          token: await sign(key, serviceName, audience, iat, iat + ttlSeconds),
          refreshAtMs: (iat + ttlSeconds / 2) * 1000,
        };
        cached.set(audience, entry);
      }
      return entry.token;
    },
  };
}

/**
 * Checks a service token sent to `options.audience` against its issuer's public key and names the
 * calling service. Throws Unauthorized (`TOKEN_EXPIRED`, otherwise `INVALID_TOKEN`: unknown issuer, wrong
 * key, another audience...) for a bad token and Forbidden `SERVICE_NOT_ALLOWED` for a service outside
 * `allowedServices`.
 */
export async function verifyServiceToken(
  publicKeys: ServicePublicKeys,
  token: string,
  options: VerifyServiceTokenOptions,
): Promise<ServiceCaller> {
  const tolerance = options.clockToleranceSec ?? 5;
  const currentDate = (options.now ?? (() => new Date()))();
  const issuer = issuerOf(token);
  const keys = issuer === undefined ? undefined : publicKeys.get(issuer);
  if (issuer === undefined || keys === undefined) throw invalidServiceToken();
  let payload: JWTPayload | undefined;
  let failure: unknown;
  // Two keys while the issuer's rotates: the token verifies under one of them.
  for (const key of keys) {
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: [SERVICE_TOKEN_ALG],
        audience: options.audience,
        issuer,
        subject: `${SUBJECT_PREFIX}${issuer}`,
        typ: 'JWT',
        requiredClaims: ['iat', 'exp'],
        clockTolerance: tolerance,
        currentDate,
      }));
      break;
    } catch (error) {
      failure = error;
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) break;
    }
  }
  if (payload === undefined) throw toAppError(failure);
  if (typeof payload.iat !== 'number' || payload.iat > currentDate.getTime() / 1000 + tolerance) {
    throw invalidServiceToken();
  }
  if (options.allowedServices !== undefined && !options.allowedServices.includes(issuer)) {
    throw serviceNotAllowed();
  }
  return { service: issuer };
}

/** Forbidden `SERVICE_NOT_ALLOWED`: a valid token from a service the route does not list. */
export function serviceNotAllowed(): AppError {
  return Forbidden('This service may not call this endpoint', { code: 'SERVICE_NOT_ALLOWED' });
}

/** The unverified `iss`, only to pick the key; the verification then requires it. */
function issuerOf(token: string): string | undefined {
  try {
    const { iss } = decodeJwt(token);
    return typeof iss === 'string' && SERVICE_NAME.test(iss) ? iss : undefined;
  } catch {
    return undefined;
  }
}

async function sign(
  key: KeyObject,
  service: string,
  audience: string,
  iat: number,
  exp: number,
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: SERVICE_TOKEN_ALG, typ: 'JWT' })
    .setIssuer(service)
    .setSubject(`${SUBJECT_PREFIX}${service}`)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(key);
}

function checkServiceName(name: string): void {
  if (!SERVICE_NAME.test(name)) {
    throw Internal(`Invalid service name "${name}"`, { code: 'INVALID_SERVICE_NAME' });
  }
}

function toAppError(error: unknown): AppError {
  if (error instanceof errors.JWTExpired) {
    return Unauthorized('The service token has expired', { code: 'TOKEN_EXPIRED', cause: error });
  }
  return invalidServiceToken(error);
}

function invalidServiceToken(cause?: unknown): AppError {
  return Unauthorized('The service token is invalid', { code: 'INVALID_TOKEN', cause });
}
