import { Type, type Static } from '@bodega/config';
import { serviceConfig } from '@bodega/kit';

/**
 * Identity's configuration: the kit's common keys plus its own. Argon2 costs are configurable so tests
 * and benchmarks can choose theirs; production keeps the OWASP defaults (argon2id, 19 MiB, t=2, p=1:
 * roughly 20-40 ms and 19 MiB of memory per hash on one core, which bounds login throughput per core).
 */
export const identityConfigSchema = serviceConfig(8101, {
  JWT_PRIVATE_KEY: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        'Ed25519 private key (PKCS#8 PEM) signing access tokens; distributed mode needs it or JWT_PRIVATE_KEY_FILE',
    }),
  ),
  JWT_PRIVATE_KEY_FILE: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'Path of a file holding the PKCS#8 PEM signing key (a mounted secret)',
    }),
  ),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({
    minimum: 30,
    // The shared revocation list keeps an entry 15 minutes (plus a margin): a longer-lived token
    // could outlive its revocation.
    maximum: 900,
    default: 900,
    description: 'Lifetime of access tokens, in seconds (15 minutes by contract, and at most that)',
  }),
  REFRESH_TOKEN_TTL_DAYS: Type.Integer({
    minimum: 1,
    maximum: 365,
    default: 30,
    description: 'Lifetime of a refresh token, in days; every refresh issues a new one with a fresh lifetime',
  }),
  ME_EDGE_CACHE_SECONDS: Type.Integer({
    minimum: 0,
    maximum: 900,
    default: 60,
    description:
      "How long the gateway may answer a caller's GET /me from its edge cache, kept per access token and purged at every change of the user; 0: never",
  }),
  ARGON2_MEMORY_KIB: Type.Integer({
    minimum: 1024,
    maximum: 1_048_576,
    default: 19_456,
    description: 'argon2id memory cost in KiB per password hash (OWASP: 19456); lower only for tests',
  }),
  ARGON2_TIME_COST: Type.Integer({
    minimum: 1,
    maximum: 10,
    default: 2,
    description: 'argon2id iterations per password hash (OWASP: 2 with 19 MiB); lower only for tests',
  }),
  ADMIN_EMAIL: Type.Optional(
    Type.String({ minLength: 3, description: 'Email of the admin ensured at start (with ADMIN_PASSWORD)' }),
  ),
  ADMIN_PASSWORD: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'Password of that admin when it is created; an existing admin keeps their password',
    }),
  ),
});

export type IdentityConfig = Static<typeof identityConfigSchema>;
