/**
 * Access-token verification, done by the gateway and again by every service (nothing trusts the network).
 */
import { errors, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import { Unavailable } from '@bodega/errors';
import type { AppError } from '@bodega/errors';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from './access-token.js';
import type { AccessTokenClaims } from './access-token.js';
import { createKeyResolver, KeySourceUnavailable } from './jwks-source.js';
import type { JwksSource, RemoteJwksOptions } from './jwks-source.js';
import { ACCESS_TOKEN_ALG } from './keys.js';
import type { Principal } from './principal.js';
import { isRole } from './roles.js';
import { expiredToken, invalidToken, revokedToken } from './token-errors.js';

/** Far above any token Bodega issues; refuses to parse arbitrarily large input. */
const MAX_TOKEN_LENGTH = 8192;

/** Options of {@link createVerifier}. */
export interface VerifierOptions {
  /** Identity's JWKS URL (cached, refetched on an unknown `kid`), a JWKS, or a function returning one. */
  jwks: JwksSource;
  /** Expected `iss`; defaults to `bodega-identity`. */
  issuer?: string;
  /** Expected `aud`; defaults to `bodega`. */
  audience?: string;
  /** Allowed clock skew with the issuer, in seconds. Default 5. */
  clockToleranceSec?: number;
  /** Whether the token's session or the token itself was revoked (logout, refresh-token reuse). */
  isRevoked?: (claims: AccessTokenClaims) => Promise<boolean>;
  /** Cache tuning when `jwks` is a URL. */
  remote?: RemoteJwksOptions;
  /** The clock; defaults to the current time. */
  now?: () => Date;
  /**
   * Tokens whose signature was already checked, reused without checking it again: at most
   * `maxEntries` (default 10,000; 0 disables) for at most `ttlSeconds` each (default 60).
   */
  verifiedCache?: { maxEntries?: number; ttlSeconds?: number };
}

/** Verifies access tokens. */
export interface Verifier {
  /**
   * The principal of a valid token. Throws Unauthorized (`TOKEN_EXPIRED`, `TOKEN_REVOKED`, otherwise
   * `INVALID_TOKEN`) for any bad token, and Unavailable (`JWKS_UNAVAILABLE`) when the keys cannot be
   * obtained, so an outage of identity is never blamed on the user.
   */
  verify: (token: string) => Promise<Principal>;
}

/** Builds a verifier; a malformed JWKS object throws here, at configuration time. */
export function createVerifier(options: VerifierOptions): Verifier {
  const resolveKey = createKeyResolver(options.jwks, options.remote);
  const issuer = options.issuer ?? DEFAULT_ISSUER;
  const audience = options.audience ?? DEFAULT_AUDIENCE;
  const tolerance = options.clockToleranceSec ?? 5;
  const now = options.now ?? (() => new Date());
  const notRevoked = async (claims: AccessTokenClaims): Promise<AccessTokenClaims> => {
    if (options.isRevoked !== undefined && (await checkRevoked(options.isRevoked, claims)))
      throw revokedToken();
    return claims;
  };

  // A client sends the same token with every request for up to 15 minutes: its signature is checked
  // once, then its claims are reused (expiry and revocation are still checked on every request). An
  // entry is trusted for `verifiedTtlSec` at most, so a key retired from the JWKS stops working soon.
  const verifiedTtlSec = options.verifiedCache?.ttlSeconds ?? 60;
  const maxVerified = options.verifiedCache?.maxEntries ?? 10_000;
  const verified = new Map<string, { claims: AccessTokenClaims; exp: number; verifiedAt: number }>();
  const remember = (token: string, entry: { claims: AccessTokenClaims; exp: number; verifiedAt: number }) => {
    if (maxVerified <= 0) return;
    if (verified.size >= maxVerified) {
      const oldest = verified.keys().next();
      if (!oldest.done) verified.delete(oldest.value);
    }
    verified.set(token, entry);
  };

  return {
    verify: async (token) => {
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
        throw invalidToken();
      }
      const currentDate = now();
      const nowSeconds = currentDate.getTime() / 1000;
      const cached = verified.get(token);
      if (cached && cached.exp + tolerance > nowSeconds && nowSeconds - cached.verifiedAt < verifiedTtlSec) {
        return principalOf(await notRevoked(cached.claims));
      }
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, resolveKey, {
          // Pinning the algorithm rejects `none`, HS256 keyed with the public key, and every other alg.
          algorithms: [ACCESS_TOKEN_ALG],
          issuer,
          audience,
          typ: 'JWT',
          requiredClaims: ['sub', 'role', 'sid', 'jti', 'iat', 'exp'],
          clockTolerance: tolerance,
          currentDate,
        }));
      } catch (error) {
        throw toAppError(error);
      }
      const claims = readClaims(payload, nowSeconds + tolerance);
      remember(token, { claims, exp: claims.exp, verifiedAt: nowSeconds });
      return principalOf(await notRevoked(claims));
    },
  };
}

function principalOf(claims: AccessTokenClaims): Principal {
  return {
    user_id: claims.sub,
    role: claims.role,
    session_id: claims.sid,
    token_id: claims.jti,
    expires_at: new Date(claims.exp * 1000),
  };
}

// The signature is valid at this point, so a bad claim means identity and this service disagree on the
// token format (e.g. a role this service does not know): still the token's problem, still a 401.
function readClaims(payload: JWTPayload, latestIssuedAt: number): AccessTokenClaims {
  const { sub, role, sid, jti, iat, exp, iss, aud } = payload;
  if (!nonEmpty(sub) || !isRole(role) || !nonEmpty(sid) || !nonEmpty(jti)) throw invalidToken();
  if (iat === undefined || exp === undefined || iss === undefined || aud === undefined) throw invalidToken();
  // jose checks `iat` only against a maximum age; a token issued in the future is not yet valid.
  if (iat > latestIssuedAt) throw invalidToken();
  return { sub, role, sid, jti, iat, exp, iss, aud };
}

async function checkRevoked(
  isRevoked: (claims: AccessTokenClaims) => Promise<boolean>,
  claims: AccessTokenClaims,
) {
  try {
    return await isRevoked(claims);
  } catch (cause) {
    // Failing open would let revoked sessions in; failing with a 401 would log everyone out.
    throw unavailable('REVOCATION_CHECK_UNAVAILABLE', cause);
  }
}

function toAppError(error: unknown): AppError {
  if (error instanceof KeySourceUnavailable) return unavailable('JWKS_UNAVAILABLE', error.cause);
  if (error instanceof errors.JWTExpired) return expiredToken(error);
  return invalidToken(error);
}

function unavailable(code: string, cause: unknown): AppError {
  return Unavailable('Token verification is temporarily unavailable', {
    code,
    cause,
    headers: { 'retry-after': '5' },
  });
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
