import { importServicePrivateKey, parseServicePublicKeys } from './service-keys.js';
import { createServiceTokenSigner, type ServiceTokenSigner } from './service-token.js';
import { serviceTokenGuard, type ServiceTokenHook } from './service-token-guard.js';

/** One service's side of service-to-service calls, built once at boot from its configuration. */
export interface ServiceAuth {
  readonly service: string;
  /** Signs this service's calls: `signer.token(callee)`. */
  readonly signer: ServiceTokenSigner;
  /** The `onRequest` hook of an internal route only `callers` may call. */
  allow(...callers: string[]): ServiceTokenHook;
  /** A 32-byte secret of this service for `purpose` (search's cursor MAC), derived from its private key. */
  derivedKey(purpose: string): Buffer;
}

/** Options of {@link createServiceAuth}. */
export interface ServiceAuthOptions {
  service: string;
  /** `SERVICE_PRIVATE_KEY`: this service's own. */
  privateKey: string;
  /** `SERVICE_PUBLIC_KEYS`: its callers' (`name:key,...`). */
  publicKeys: string;
  now?: () => Date;
}

/** Imports the keys and builds the signer and guard. Throws Internal `INVALID_SERVICE_KEY` for a bad key. */
export function createServiceAuth(options: ServiceAuthOptions): ServiceAuth {
  const privateKey = importServicePrivateKey(options.privateKey);
  const clock = options.now === undefined ? {} : { now: options.now };
  const signer = createServiceTokenSigner(privateKey, options.service, clock);
  const guard = serviceTokenGuard(parseServicePublicKeys(options.publicKeys), {
    audience: options.service,
    ...clock,
  });
  return {
    service: options.service,
    signer,
    allow: (...callers) => guard.allow(...callers),
    derivedKey: (purpose) => privateKey.derive(purpose),
  };
}
