import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { isAppError } from '@bodega/errors';
import { users } from '../db/schema.js';
import type { IdentityDeps } from '../deps.js';
import { assertPasswordPolicy } from '../passwords/password-policy.js';
import { register } from '../registration/register.js';
import { findUserByEmail } from '../users/user-store.js';
import { parseEmail } from '../users/user.js';

export const EMBEDDED_ADMIN_EMAIL = 'admin@bodega.local';

export interface BootstrapAdminOptions {
  mode: 'embedded' | 'distributed';
  email?: string | undefined;
  password?: string | undefined;
}

export type BootstrapOutcome =
  | { kind: 'created'; email: string; generatedPassword?: string }
  | { kind: 'exists'; email: string }
  | { kind: 'skipped' };

/**
 * Makes sure someone can administer a new platform. With ADMIN_EMAIL/ADMIN_PASSWORD, that admin is
 * created when missing; an existing account is never changed (its password may have been changed on
 * purpose since). In embedded mode without them, the first start creates `admin@bodega.local` with a
 * random password shown once; later starts find an admin and say nothing.
 */
export async function bootstrapAdmin(
  deps: IdentityDeps,
  options: BootstrapAdminOptions,
): Promise<BootstrapOutcome> {
  const { email, password } = options;
  if ((email === undefined) !== (password === undefined)) {
    throw bootError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (email !== undefined && password !== undefined) return ensureConfiguredAdmin(deps, email, password);

  const [anyAdmin] = await deps.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.role, 'admin'))
    .limit(1);
  if (anyAdmin) return { kind: 'skipped' };
  if (options.mode === 'distributed') {
    deps.logger.warn('No admin account exists: set ADMIN_EMAIL and ADMIN_PASSWORD to create one');
    return { kind: 'skipped' };
  }
  const generatedPassword = randomBytes(18).toString('base64url');
  try {
    await register(
      deps,
      { email: EMBEDDED_ADMIN_EMAIL, password: generatedPassword, name: 'Administrator' },
      { role: 'admin' },
    );
  } catch (error) {
    if (isAppError(error) && error.code === 'EMAIL_TAKEN') {
      deps.logger.warn(
        { email: EMBEDDED_ADMIN_EMAIL },
        'No admin exists and the bootstrap email is taken by a non-admin',
      );
      return { kind: 'skipped' };
    }
    throw error;
  }
  // The one place a password is ever logged: nobody else knows it, and it is never shown again.
  deps.logger.warn(
    { email: EMBEDDED_ADMIN_EMAIL },
    `Created the admin account ${EMBEDDED_ADMIN_EMAIL} with the generated password ${generatedPassword} ` +
      '(shown only this once: sign in and change it, or set ADMIN_EMAIL and ADMIN_PASSWORD)',
  );
  return { kind: 'created', email: EMBEDDED_ADMIN_EMAIL, generatedPassword };
}

async function ensureConfiguredAdmin(
  deps: IdentityDeps,
  rawEmail: string,
  password: string,
): Promise<BootstrapOutcome> {
  let email: string;
  try {
    email = parseEmail(rawEmail);
    assertPasswordPolicy(password);
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    throw bootError(`ADMIN_EMAIL/ADMIN_PASSWORD: ${problem}`);
  }
  const existing = await findUserByEmail(deps.db, email);
  if (existing) {
    if (existing.role !== 'admin') {
      deps.logger.warn(
        { email, role: existing.role },
        'ADMIN_EMAIL belongs to an account that is not an admin: left unchanged',
      );
    }
    return { kind: 'exists', email };
  }
  try {
    await register(deps, { email, password, name: 'Administrator' }, { role: 'admin' });
  } catch (error) {
    // Another replica created it a moment ago.
    if (isAppError(error) && error.code === 'EMAIL_TAKEN') return { kind: 'exists', email };
    throw error;
  }
  deps.logger.info({ email }, 'Created the admin account from ADMIN_EMAIL');
  return { kind: 'created', email };
}

function bootError(problem: string): Error {
  return new Error(`Invalid configuration for identity:\n  - ${problem}`);
}
