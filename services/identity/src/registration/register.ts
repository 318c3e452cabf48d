import { Conflict } from '@bodega/errors';
import { newId } from '@bodega/db';
import type { Role } from '@bodega/auth';
import { users, type UserRow } from '../db/schema.js';
import type { IdentityDeps } from '../deps.js';
import { assertPasswordPolicy } from '../passwords/password-policy.js';
import { normalizeName, parseEmail } from '../users/user.js';
import { recordUserRegistered } from './user-registered.js';

export interface RegisterInput {
  email: string;
  password: string;
  name?: string | null | undefined;
}

export interface RegisterOptions {
  /** Public sign-ups are customers; the admin bootstrap creates an admin. */
  role?: Role;
  /** The request's trace, carried by the event so the journey can be followed across services. */
  traceParent?: string | undefined;
}

/**
 * Creates an account and announces it, in one transaction. The unique index decides between two
 * sign-ups racing for one email, not a read before the write.
 */
export async function register(
  deps: IdentityDeps,
  input: RegisterInput,
  options: RegisterOptions = {},
): Promise<UserRow> {
  const role = options.role ?? 'customer';
  const email = parseEmail(input.email);
  assertPasswordPolicy(input.password);
  const passwordHash = await deps.passwords.hash(input.password);
  const now = deps.now();

  return deps.db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        id: newId(),
        email,
        name: normalizeName(input.name),
        role,
        passwordHash,
        active: true,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!user) throw emailTaken();
    await recordUserRegistered(tx, user, options.traceParent);
    return user;
  });
}

export function emailTaken() {
  return Conflict('An account with this email already exists', {
    code: 'EMAIL_TAKEN',
    details: { field: 'email' },
  });
}
