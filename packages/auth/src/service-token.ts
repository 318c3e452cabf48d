/**
 * Service tokens authenticate service-to-service calls to `/internal/*`: short-lived HS256 JWTs under a
 * secret shared by the services. Access tokens use EdDSA and another audience, so neither kind of token
 * is ever accepted as the other.
 */
import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { JWTPayload } from 'jose';
import { Forbidden, Internal, Unauthorized } from '@bodega/errors';
import type { AppError } from '@bodega/errors';

/** The `aud` of every service token. */
export const SERVICE_TOKEN_AUDIENCE = 'bodega-internal';
/** Service tokens live one minute. */
export const SERVICE_TOKEN_TTL_SECONDS = 60;
/** The shortest accepted `SERVICE_TOKEN_SECRET`: 256 bits, the HS256 key size. */
export const MIN_SERVICE_TOKEN_SECRET_BYTES = 32;

const ALG = 'HS256';
const SUBJECT_PREFIX = 'service:';
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** Hands out the service token of one service, reusing it while it has at least half its life left. */
export interface ServiceTokenSigner {
  readonly service: string;
  /** A token to send as `Authorization: Bearer <token>`. */
  token: () => Promise<string>;
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
  /** The services allowed to call; others get Forbidden `SERVICE_NOT_ALLOWED`. Default: any. */
  allowedServices?: readonly string[];
  /** Allowed clock skew between services, in seconds. Default 5. */
  clockToleranceSec?: number;
  now?: () => Date;
}

/**
 * A signer for `serviceName` (lowercase, e.g. `orders`). Throws at once if `secret` is shorter than 32 bytes,
 * so a weak `SERVICE_TOKEN_SECRET` stops the service at boot.
 */
export function createServiceTokenSigner(
  secret: string | Uint8Array,
  serviceName: string,
  options: ServiceTokenSignerOptions = {},
): ServiceTokenSigner {
  const key = secretKey(secret);
  if (!SERVICE_NAME.test(serviceName)) {
    throw Internal(`Invalid service name "${serviceName}"`, { code: 'INVALID_SERVICE_NAME' });
  }
  const ttlSeconds = options.ttlSeconds ?? SERVICE_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw Internal('Service token ttlSeconds must be a positive integer', {
      code: 'INVALID_SERVICE_TOKEN_TTL',
    });
  }
  const now = options.now ?? (() => new Date());
  let cached: { token: string; refreshAtMs: number } | undefined;

  return {
    service: serviceName,
    token: async () => {
      const nowMs = now().getTime();
      if (cached === undefined || nowMs >= cached.refreshAtMs) {
        const iat = Math.floor(nowMs / 1000);
        // Refreshing at half-life means a sent token always has time left for retries and clock skew.
        cached = {
          token: await sign(key, serviceName, iat, iat + ttlSeconds),
          refreshAtMs: (iat + ttlSeconds / 2) * 1000,
        };
      }
      return cached.token;
    },
  };
}

/**
 * Checks a service token and names the calling service. Throws Unauthorized (`TOKEN_EXPIRED`, otherwise
 * `INVALID_TOKEN`) for a bad token and Forbidden `SERVICE_NOT_ALLOWED` for a service outside `allowedServices`.
 */
export async function verifyServiceToken(
  secret: string | Uint8Array,
  token: string,
  options: VerifyServiceTokenOptions = {},
): Promise<ServiceCaller> {
  const key = secretKey(secret);
  const tolerance = options.clockToleranceSec ?? 5;
  const currentDate = (options.now ?? (() => new Date()))();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [ALG],
      audience: SERVICE_TOKEN_AUDIENCE,
      typ: 'JWT',
      requiredClaims: ['sub', 'iat', 'exp'],
      clockTolerance: tolerance,
      currentDate,
    }));
  } catch (error) {
    throw toAppError(error);
  }
  const { sub, iat } = payload;
  const service =
    typeof sub === 'string' && sub.startsWith(SUBJECT_PREFIX) ? sub.slice(SUBJECT_PREFIX.length) : '';
  if (
    !SERVICE_NAME.test(service) ||
    typeof iat !== 'number' ||
    iat > currentDate.getTime() / 1000 + tolerance
  ) {
    throw invalidServiceToken();
  }
  if (options.allowedServices !== undefined && !options.allowedServices.includes(service)) {
    throw Forbidden('This service may not call this endpoint', { code: 'SERVICE_NOT_ALLOWED' });
  }
  return { service };
}

async function sign(key: Uint8Array, service: string, iat: number, exp: number): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(`${SUBJECT_PREFIX}${service}`)
    .setAudience(SERVICE_TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(key);
}

function secretKey(secret: string | Uint8Array): Uint8Array {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : Uint8Array.from(secret);
  if (key.byteLength < MIN_SERVICE_TOKEN_SECRET_BYTES) {
    throw Internal(`SERVICE_TOKEN_SECRET must be at least ${MIN_SERVICE_TOKEN_SECRET_BYTES} bytes`, {
      code: 'WEAK_SERVICE_TOKEN_SECRET',
    });
  }
  return key;
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
