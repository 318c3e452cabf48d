/**
 * Authentication and authorization for Bodega services: Ed25519 signing keys and their JWKS, access tokens,
 * their verification, role guards, and the service tokens of `/internal/*` calls.
 *
 * Plain functions and small classes: the service kit wraps them in its request hooks.
 */
export { ROLES, isRole } from './roles.js';
export type { Role } from './roles.js';
export {
  ACCESS_TOKEN_ALG,
  exportSigningKey,
  generateSigningKey,
  importSigningKey,
  importSigningKeyFromPem,
} from './keys.js';
export type { ExportedSigningKey, PublicJwk, SigningKey } from './keys.js';
export { loadOrCreateSigningKey } from './key-store.js';
export { KeyRing } from './key-ring.js';
export type { Jwks, KeyRingOptions } from './key-ring.js';
export {
  DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  signAccessToken,
} from './access-token.js';
export type { AccessTokenClaims, AccessTokenSubject, SignAccessTokenOptions } from './access-token.js';
export type { Principal } from './principal.js';
export type { JwksDocument, JwksSource, RemoteJwksOptions } from './jwks-source.js';
export { createVerifier } from './verifier.js';
export type { Verifier, VerifierOptions } from './verifier.js';
export { parseBearer } from './bearer.js';
export { hasRole, requireAuthenticated, requireRole, requireSelfOrRole } from './guards.js';
export {
  formatServicePublicKeys,
  generateServicePrivateKey,
  importServicePrivateKey,
  parseServicePublicKeys,
} from './service-keys.js';
export type { ServicePrivateKey, ServicePublicKeys } from './service-keys.js';
export {
  SERVICE_TOKEN_ALG,
  SERVICE_TOKEN_TTL_SECONDS,
  createServiceTokenSigner,
  verifyServiceToken,
} from './service-token.js';
export { SERVICE_TOKEN_HEADER, allowedCallersOf, serviceTokenGuard } from './service-token-guard.js';
export type { ServiceTokenGuard, ServiceTokenGuardOptions, ServiceTokenHook } from './service-token-guard.js';
export { createServiceAuth } from './service-auth.js';
export type { ServiceAuth, ServiceAuthOptions } from './service-auth.js';
export type {
  ServiceCaller,
  ServiceTokenSigner,
  ServiceTokenSignerOptions,
  VerifyServiceTokenOptions,
} from './service-token.js';
