/**
 * The signing key in use plus the public keys it replaced, so that tokens signed before a rotation keep
 * verifying until they expire.
 */
import type { PublicJwk, SigningKey } from './keys.js';

/** A JSON Web Key Set as served at `GET /.well-known/jwks.json`. */
export interface Jwks {
  readonly keys: readonly PublicJwk[];
}

/** Options of a {@link KeyRing}. */
export interface KeyRingOptions {
  /** Public keys of earlier signing keys, newest first. */
  previous?: readonly PublicJwk[];
  /**
   * How many earlier public keys to keep published. Keep a key at least as long as the longest access
   * token lifetime after its replacement, plus the JWKS cache age of the verifiers.
   */
  maxPrevious?: number;
}

/** Holds the current signing key and publishes it, with its predecessors, as a JWKS. */
export class KeyRing {
  #current: SigningKey;
  #previous: PublicJwk[];
  readonly #maxPrevious: number;
  #jwks: Jwks | undefined;

  constructor(current: SigningKey, options: KeyRingOptions = {}) {
    this.#current = current;
    this.#maxPrevious = options.maxPrevious ?? 3;
    this.#previous = (options.previous ?? [])
      .filter((jwk) => jwk.kid !== current.kid)
      .slice(0, this.#maxPrevious);
  }

  /** The key that signs new tokens. */
  get current(): SigningKey {
    return this.#current;
  }

  /** Makes `next` the signing key; the replaced key stays published for verification. */
  rotate(next: SigningKey): void {
    if (next.kid === this.#current.kid) return;
    const retired = this.#current.publicJwk;
    this.#current = next;
    this.#previous = [
      retired,
      ...this.#previous.filter((jwk) => jwk.kid !== next.kid && jwk.kid !== retired.kid),
    ].slice(0, this.#maxPrevious);
    this.#jwks = undefined;
  }

  /** Stops publishing an earlier key, e.g. one that leaked. The current key cannot be retired. */
  retire(kid: string): void {
    this.#previous = this.#previous.filter((jwk) => jwk.kid !== kid);
    this.#jwks = undefined;
  }

  /**
   * The public keys, current first, each with `kid`, `alg: 'EdDSA'` and `use: 'sig'`. The same frozen
   * object is returned until the ring changes, so verifiers can cache what they derive from it.
   */
  jwks(): Jwks {
    this.#jwks ??= Object.freeze({
      keys: Object.freeze(
        [this.#current.publicJwk, ...this.#previous].map((jwk) => Object.freeze({ ...jwk })),
      ),
    });
    return this.#jwks;
  }
}
