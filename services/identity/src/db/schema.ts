import { sql } from 'drizzle-orm';
import { outboxTable } from '@bodega/events';
import { boolean, check, index, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Every identity table lives in the `identity` PostgreSQL schema (one PGlite can host all services). */
export const identitySchema = pgSchema('identity');

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = identitySchema.table(
  'users',
  {
    id: uuid('id').primaryKey(),
    /** Normalized (trimmed, lowercase) on the way in, so a plain unique index is case-insensitive. */
    email: text('email').notNull(),
    name: text('name'),
    role: text('role', { enum: ['customer', 'manager', 'admin'] }).notNull(),
    /** argon2id encoded hash (algorithm, parameters and salt included). */
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (table) => [
    uniqueIndex('users_email_key').on(table.email),
    index('users_role_idx').on(table.role),
    check('users_role_check', sql`${table.role} in ('customer', 'manager', 'admin')`),
  ],
);

/**
 * A login session: the chain of refresh tokens born from one login. Its id is the `sid` claim of the
 * access tokens issued in it, so revoking a family also kills its access tokens (revocation list).
 */
export const refreshTokenFamilies = identitySchema.table(
  'refresh_token_families',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull(),
    revokedAt: timestamptz('revoked_at'),
    /** logout, reuse, password_change, deactivated, role_change */
    revokedReason: text('revoked_reason'),
  },
  (table) => [index('refresh_token_families_user_idx').on(table.userId)],
);

/** One refresh token of a family; only its SHA-256 is stored, the token itself is never kept. */
export const refreshTokens = identitySchema.table(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey(),
    familyId: uuid('family_id')
      .notNull()
      .references(() => refreshTokenFamilies.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    /** Set when the token was exchanged for its successor; presenting it again is reuse. */
    rotatedAt: timestamptz('rotated_at'),
  },
  (table) => [
    uniqueIndex('refresh_tokens_hash_key').on(table.tokenHash),
    index('refresh_tokens_family_idx').on(table.familyId),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;
export type RefreshTokenFamilyRow = typeof refreshTokenFamilies.$inferSelect;

/** Events written in the same transaction as the change they announce; the relay publishes them. */
export const outbox = outboxTable(identitySchema);
