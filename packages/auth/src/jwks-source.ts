/**
 * Where a verifier finds the public keys: identity's JWKS endpoint (distributed mode), a JWKS object, or a
 * function returning one (embedded mode passes `() => keyRing.jwks()` and sees rotations at once).
 */
import { createLocalJWKSet, createRemoteJWKSet, errors } from 'jose';
import type { CryptoKey, FlattenedJWSInput, JSONWebKeySet, JWK, JWSHeaderParameters } from 'jose';

/** A JSON Web Key Set document. */
export interface JwksDocument {
  readonly keys: readonly JWK[];
}

/** Identity's JWKS URL, a JWKS, or a function returning the current JWKS. */
export type JwksSource = URL | JwksDocument | (() => JwksDocument | Promise<JwksDocument>);

/** Tuning of the remote JWKS cache (jose's defaults otherwise). */
export interface RemoteJwksOptions {
  /** How long a fetch may take before the endpoint counts as unavailable. Default 5000. */
  timeoutMs?: number;
  /**
   * The minimum time between two fetches triggered by an unknown `kid`, so forged `kid`s cannot make
   * every request hit identity. Default 30000.
   */
  cooldownMs?: number;
  /** How long a fetched JWKS is used before it is fetched again. Default 600000. */
  cacheMaxAgeMs?: number;
}

/** Resolves the verification key of a token. */
export type KeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

/**
 * The key source could not answer (endpoint down, timeout, malformed JWKS): a fault of the platform,
 * not of the token, so it must not turn into a 401.
 */
export class KeySourceUnavailable extends Error {
  constructor(cause: unknown) {
    super('The JWKS could not be obtained', { cause });
    this.name = 'KeySourceUnavailable';
  }
}

/** A key resolver over `source`; a malformed JWKS object throws here, at configuration time. */
export function createKeyResolver(source: JwksSource, remote: RemoteJwksOptions = {}): KeyResolver {
  if (source instanceof URL) {
    return guard(
      createRemoteJWKSet(source, {
        timeoutDuration: remote.timeoutMs,
        cooldownDuration: remote.cooldownMs,
        cacheMaxAge: remote.cacheMaxAgeMs,
      }),
    );
  }
  if (typeof source === 'function') return guard(fromProvider(source));
  return guard(createLocalJWKSet(source as JSONWebKeySet));
}

function fromProvider(provide: () => JwksDocument | Promise<JwksDocument>): KeyResolver {
  // Providers such as KeyRing#jwks return the same object until keys change: import each set once.
  const sets = new WeakMap<JwksDocument, KeyResolver>();
  return async (header, token) => {
    const document = await provide();
    let resolve = sets.get(document);
    if (resolve === undefined) {
      resolve = createLocalJWKSet(document as JSONWebKeySet);
      sets.set(document, resolve);
    }
    return resolve(header, token);
  };
}

function guard(resolve: KeyResolver): KeyResolver {
  return async (header, token) => {
    // Every Bodega token names its key; without a `kid` the choice of key would be a guess.
    if (typeof header.kid !== 'string' || header.kid === '') throw new errors.JWKSNoMatchingKey();
    try {
      return await resolve(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
        throw error;
      // The algorithm is pinned before keys are looked up, so anything else is the key source failing.
      throw new KeySourceUnavailable(error);
    }
  };
}
