import type { KeyRing } from '@bodega/auth';
import type { Broadcast } from '@bodega/cache';
import type { Db } from '@bodega/db';
import type { RevocationList } from '@bodega/kit';
import type { Logger } from '@bodega/logging';
import type { PasswordHasher } from './passwords/passwords.js';

/** What identity's use cases are given: explicit dependencies, an explicit clock, no globals. */
export interface IdentityDeps {
  db: Db;
  passwords: PasswordHasher;
  keyRing: KeyRing;
  /** Shared with every service: revoking here kills access tokens everywhere. */
  revocations: RevocationList;
  /** Where committed changes of a user are announced, so the gateway's edge cache drops their /me. */
  broadcast: Broadcast;
  /** How long the gateway may keep a caller's GET /me (`Surrogate-Control`); 0: it may not. */
  meEdgeCacheSeconds: number;
  logger: Logger;
  now: () => Date;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
}
