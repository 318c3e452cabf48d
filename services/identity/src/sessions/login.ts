import { eq } from 'drizzle-orm';
import { Forbidden, Unauthorized } from '@bodega/errors';
import { users } from '../db/schema.js';
import type { IdentityDeps } from '../deps.js';
import { characterCount, MAX_PASSWORD_LENGTH } from '../passwords/password-policy.js';
import { findUserByEmail } from '../users/user-store.js';
import { normalizeEmail } from '../users/user.js';
import { startSession, type IssuedSession } from './session-tokens.js';

export interface LoginInput {
  email: string;
  password: string;
}

/** One answer for a wrong email and a wrong password: which part was wrong is not the caller's to know. */
export function invalidCredentials() {
  return Unauthorized('Email or password is incorrect', { code: 'INVALID_CREDENTIALS' });
}

/**
 * Signs a user in. An unknown email still costs one argon2 verification, so response times do not
 * tell which emails have accounts. A deactivated account is told so (403 `ACCOUNT_DISABLED`), but
 * only to someone who proved the password: otherwise it would reveal that the account exists.
 */
export async function login(deps: IdentityDeps, input: LoginInput): Promise<IssuedSession> {
  const email = normalizeEmail(input.email);
  const user = await findUserByEmail(deps.db, email);
  if (!user || characterCount(input.password) > MAX_PASSWORD_LENGTH) {
    await deps.passwords.verifyNothing(input.password);
    throw invalidCredentials();
  }
  if (!(await deps.passwords.verify(user.passwordHash, input.password))) throw invalidCredentials();
  if (!user.active) throw Forbidden('This account has been deactivated', { code: 'ACCOUNT_DISABLED' });

  if (deps.passwords.needsRehash(user.passwordHash)) {
    // The costs were raised since this hash was made: upgrade it now that we hold the password.
    const passwordHash = await deps.passwords.hash(input.password);
    await deps.db.update(users).set({ passwordHash }).where(eq(users.id, user.id));
  }
  return startSession(deps, user);
}
