import { eq } from 'drizzle-orm';
import type { Principal, Role } from '@bodega/auth';
import { isUuid } from '@bodega/db';
import { Forbidden, NotFound } from '@bodega/errors';
import { users } from '../db/schema.js';
import type { IdentityDeps } from '../deps.js';
import { announceRevokedSessions, revokeUserFamilies } from '../sessions/session-tokens.js';
import { purgeUser } from './user-edge.js';
import { findUserById } from './user-store.js';
import { toUserJson, type UserJson } from './user.js';

export interface UpdateUserInput {
  role?: Role | undefined;
  active?: boolean | undefined;
}

/**
 * An admin cannot demote or deactivate themself: it guarantees that some admin always remains, and
 * that a slip of the mouse cannot lock the last admin out.
 */
export function assertNotSelfLockout(actorId: string, targetId: string, change: UpdateUserInput): void {
  if (actorId !== targetId) return;
  if ((change.role !== undefined && change.role !== 'admin') || change.active === false) {
    throw Forbidden('Admins cannot demote or deactivate themselves; ask another admin', {
      code: 'CANNOT_MODIFY_SELF',
    });
  }
}

/** What a change does to the user's sessions and tokens. */
export function sessionEffects(before: { role: Role; active: boolean }, change: UpdateUserInput) {
  const deactivated = before.active && change.active === false;
  const reactivated = !before.active && change.active === true;
  const roleChanged = change.role !== undefined && change.role !== before.role;
  // Tokens carry the role: after a role change none may keep speaking with the old one.
  return { deactivated, reactivated, endSessions: deactivated || roleChanged, roleChanged };
}

/**
 * Changes a user's role or active flag (admin). Deactivation ends every session and marks the user
 * revoked for every service, so their access tokens die at once; a role change ends their sessions
 * so that no token keeps the old role.
 */
export async function updateUser(
  deps: IdentityDeps,
  actor: Principal,
  targetId: string,
  change: UpdateUserInput,
): Promise<UserJson> {
  assertNotSelfLockout(actor.user_id, targetId, change);
  const notFound = () => NotFound('No user with this id', { code: 'USER_NOT_FOUND' });
  if (!isUuid(targetId)) throw notFound();
  const now = deps.now();

  const result = await deps.db.transaction(async (tx) => {
    const before = await findUserById(tx, targetId);
    if (!before) throw notFound();
    const effects = sessionEffects(before, change);
    const [updated] = await tx
      .update(users)
      .set({
        ...(change.role === undefined ? {} : { role: change.role }),
        ...(change.active === undefined ? {} : { active: change.active }),
        updatedAt: now,
      })
      .where(eq(users.id, targetId))
      .returning();
    const ended = effects.endSessions
      ? await revokeUserFamilies(tx, targetId, effects.deactivated ? 'deactivated' : 'role_change', now)
      : [];
    return { updated: updated ?? before, effects, ended };
  });

  await purgeUser(deps, targetId);
  if (result.effects.deactivated) await deps.revocations.revokeUser(targetId);
  if (result.effects.reactivated) await deps.revocations.restoreUser(targetId);
  await announceRevokedSessions(deps, result.ended);
  deps.logger.info(
    { actor_id: actor.user_id, user_id: targetId, role: change.role, active: change.active },
    'user updated by admin',
  );
  return toUserJson(result.updated);
}
