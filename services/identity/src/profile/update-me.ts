import { eq } from 'drizzle-orm';
import type { Principal } from '@bodega/auth';
import { Forbidden, ValidationError } from '@bodega/errors';
import { users } from '../db/schema.js';
import type { IdentityDeps } from '../deps.js';
import { assertPasswordPolicy } from '../passwords/password-policy.js';
import { announceRevokedSessions, revokeUserFamilies } from '../sessions/session-tokens.js';
import { purgeUser } from '../users/user-edge.js';
import { loadActiveUser } from '../users/user-store.js';
import { normalizeName, toUserJson, type UserJson } from '../users/user.js';

export interface UpdateMeInput {
  name?: string | null | undefined;
  password?: string | undefined;
  current_password?: string | undefined;
}

/** Password changes need the current password: a stolen access token alone must not take the account. */
export function assertPasswordChangeInput(input: UpdateMeInput): void {
  if (input.password === undefined && input.current_password !== undefined) {
    throw ValidationError('current_password is only needed to change the password', {
      code: 'VALIDATION_ERROR',
      details: { field: 'current_password' },
    });
  }
  if (input.password !== undefined && input.current_password === undefined) {
    throw ValidationError('Changing the password requires current_password', {
      code: 'CURRENT_PASSWORD_REQUIRED',
      details: { field: 'current_password' },
    });
  }
  if (input.password !== undefined) assertPasswordPolicy(input.password);
}

/**
 * Updates the caller's profile. A new password ends every other session of the account (someone who
 * knew the old one may hold them); the session making the change stays signed in.
 */
export async function updateMe(
  deps: IdentityDeps,
  principal: Principal,
  input: UpdateMeInput,
): Promise<UserJson> {
  assertPasswordChangeInput(input);
  const user = await loadActiveUser(deps.db, principal);

  let passwordHash: string | undefined;
  if (input.password !== undefined && input.current_password !== undefined) {
    if (!(await deps.passwords.verify(user.passwordHash, input.current_password))) {
      throw Forbidden('The current password is incorrect', {
        code: 'INVALID_CURRENT_PASSWORD',
        details: { field: 'current_password' },
      });
    }
    passwordHash = await deps.passwords.hash(input.password);
  }

  const now = deps.now();
  const { updated, revoked } = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({
        ...(input.name === undefined ? {} : { name: normalizeName(input.name) }),
        ...(passwordHash === undefined ? {} : { passwordHash }),
        updatedAt: now,
      })
      .where(eq(users.id, user.id))
      .returning();
    const ended =
      passwordHash === undefined
        ? []
        : await revokeUserFamilies(tx, user.id, 'password_change', now, principal.session_id);
    return { updated: row ?? user, revoked: ended };
  });
  await purgeUser(deps, user.id);
  await announceRevokedSessions(deps, revoked);
  return toUserJson(updated);
}
