import type { Principal } from '@bodega/auth';
import type { IdentityDeps } from '../deps.js';
import { loadActiveUser } from '../users/user-store.js';
import { toUserJson, type UserJson } from '../users/user.js';

/** The caller's own profile, read fresh from the database. */
export async function getMe(deps: IdentityDeps, principal: Principal): Promise<UserJson> {
  return toUserJson(await loadActiveUser(deps.db, principal));
}
