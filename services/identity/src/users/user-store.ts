import { eq, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { Forbidden, Unauthorized } from '@bodega/errors';
import { requireRole, type Principal } from '@bodega/auth';
import type { Db, Executor } from '@bodega/db';
import { users, type UserRow } from '../db/schema.js';

const prepareById = (db: Db) =>
  db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .limit(1)
    .prepare('identity_user_by_id');

// Every authenticated request of identity reads its user by id (GET /me above all): outside a
// transaction that read is a named prepared statement, built once by Drizzle and parsed and planned
// once per connection by PostgreSQL.
const preparedById = new WeakMap<Db, ReturnType<typeof prepareById>>();

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  if (db instanceof PgTransaction) {
    const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
    return user;
  }
  let prepared = preparedById.get(db);
  if (!prepared) preparedById.set(db, (prepared = prepareById(db)));
  const [user] = await prepared.execute({ id });
  return user;
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return user;
}

/** Deactivated accounts: their tokens stop working at once (401), with a code the client can show. */
export function accountDisabled() {
  return Unauthorized('This account has been deactivated', { code: 'ACCOUNT_DISABLED' });
}

/**
 * The user behind a verified access token, who must still exist and be active. Identity re-reads the
 * user on every authenticated request instead of trusting the token's claims for up to 15 minutes.
 */
export async function loadActiveUser(db: Executor, principal: Principal): Promise<UserRow> {
  const user = await findUserById(db, principal.user_id);
  if (!user) throw Unauthorized('The account of this token no longer exists', { code: 'INVALID_TOKEN' });
  if (!user.active) throw accountDisabled();
  return user;
}

/**
 * The caller, who must be an active admin. The token's role answers first (403 without a database
 * read); then the database, which is the truth when the role changed within the token's lifetime.
 */
export async function authorizeAdmin(db: Executor, principal: Principal | undefined): Promise<Principal> {
  const caller = requireRole(principal, 'admin');
  const user = await loadActiveUser(db, caller);
  if (user.role !== 'admin')
    throw Forbidden('You are not allowed to perform this action', { code: 'FORBIDDEN' });
  return caller;
}
