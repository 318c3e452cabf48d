import { and, asc, eq, gt, ilike } from 'drizzle-orm';
import type { Role } from '@bodega/auth';
import type { PageOf } from '@bodega/contracts';
import { isUuid } from '@bodega/db';
import { ValidationError } from '@bodega/errors';
import { users } from '../db/schema.js';
import type { IdentityDeps } from '../deps.js';
import { toUserJson, type UserJson } from './user.js';

export interface ListUsersInput {
  limit: number;
  cursor?: string | undefined;
  /** Part of the email, case-insensitive. */
  email?: string | undefined;
  role?: Role | undefined;
}

/** Cursors are opaque to clients; inside, the last id of the page (UUIDv7, so creation order). */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isUuid(id)) {
    throw ValidationError('The cursor is not one this API returned', {
      code: 'INVALID_CURSOR',
      details: { field: 'cursor' },
    });
  }
  return id;
}

/** `%`, `_` and `\` are wildcards to LIKE; a search for them must find them literally. */
export function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

/** Users, oldest first, a page at a time. */
export async function listUsers(deps: IdentityDeps, input: ListUsersInput): Promise<PageOf<UserJson>> {
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
  const email = input.email?.trim().toLowerCase();
  const rows = await deps.db
    .select()
    .from(users)
    .where(
      and(
        after === undefined ? undefined : gt(users.id, after),
        email ? ilike(users.email, likeContaining(email)) : undefined,
        input.role === undefined ? undefined : eq(users.role, input.role),
      ),
    )
    .orderBy(asc(users.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(toUserJson),
    next_cursor: rows.length > input.limit && last ? encodeCursor(last.id) : null,
  };
}
