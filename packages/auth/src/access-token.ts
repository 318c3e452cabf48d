/**
 * Access tokens: short-lived EdDSA JWTs that identity issues and every service verifies with the JWKS.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { Internal } from '@bodega/errors';
import { ACCESS_TOKEN_ALG } from './keys.js';
import type { KeyRing } from './key-ring.js';
import { isRole } from './roles.js';
import type { Role } from './roles.js';

/** The `iss` of access tokens unless configured otherwise. */
export const DEFAULT_ISSUER = 'bodega-identity';
/** The `aud` of access tokens unless configured otherwise. */
export const DEFAULT_AUDIENCE = 'bodega';
/** Access tokens live 15 minutes (architecture contract). */
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 900;

/** Who the token is about: the user, their role and the login session (refresh-token family). */
export interface AccessTokenSubject {
  sub: string;
  role: Role;
  sid: string;
}

/** The claims of a verified access token. */
export interface AccessTokenClaims extends AccessTokenSubject {
  jti: string;
  iat: number;
  exp: number;
  iss: string;
  aud: string | string[];
}

/** Options of {@link signAccessToken}. */
export interface SignAccessTokenOptions {
  ttlSeconds?: number;
  issuer?: string;
  audience?: string;
  /** The issuing instant; defaults to the current time. */
  now?: Date;
}

/** Signs an access token with the ring's current key; the header names that key's `kid`. */
export async function signAccessToken(
  keyRing: KeyRing,
  subject: AccessTokenSubject,
  options: SignAccessTokenOptions = {},
): Promise<string> {
  const { sub, role, sid } = subject;
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
  // A token the verifiers would reject is a bug in the caller; fail here rather than on every request.
  if (!sub || !sid || !isRole(role)) {
    throw Internal('Access token subject needs sub, sid and a known role', { code: 'INVALID_TOKEN_CLAIMS' });
  }
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw Internal('Access token ttlSeconds must be a positive integer', { code: 'INVALID_TOKEN_CLAIMS' });
  }
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const key = keyRing.current;
  return new SignJWT({ role, sid })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: key.kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(options.issuer ?? DEFAULT_ISSUER)
    .setAudience(options.audience ?? DEFAULT_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .setJti(randomUUID())
    .sign(key.privateKey);
}
