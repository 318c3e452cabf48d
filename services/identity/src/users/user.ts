import { Type, type Static } from '@sinclair/typebox';
import { Role, Timestamp, Uuid } from '@bodega/contracts';
import { ValidationError } from '@bodega/errors';
import type { UserRow } from '../db/schema.js';

/** A user as clients see it (ARCHITECTURE "Shapes"): never the password hash. */
export const UserSchema = Type.Object(
  {
    id: Uuid,
    email: Type.String({ description: 'Normalized: trimmed and lowercase' }),
    name: Type.Union([Type.String(), Type.Null()]),
    role: Role,
    active: Type.Boolean({ description: 'A deactivated user can neither sign in nor use their tokens' }),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { additionalProperties: false },
);
export type UserJson = Static<typeof UserSchema>;

export function toUserJson(user: UserRow): UserJson {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    active: user.active,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  };
}

/** RFC 5321 caps a path at 256 octets, so an address at 254. */
const MAX_EMAIL_LENGTH = 254;
// Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is proven by mail, not regex.
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

/** Addresses compare case-insensitively in practice, so they are stored trimmed and lowercase. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The normalized address, or a 400 `INVALID_EMAIL` for something that is not one. */
export function parseEmail(email: string): string {
  const normalized = normalizeEmail(email);
  if (normalized.length > MAX_EMAIL_LENGTH || !emailPattern.test(normalized)) {
    throw ValidationError('The email address is not valid', {
      code: 'INVALID_EMAIL',
      details: { field: 'email' },
    });
  }
  return normalized;
}

export const MAX_NAME_LENGTH = 100;

/** A display name: trimmed; blank means none. */
export function normalizeName(name: string | null | undefined): string | null {
  const trimmed = name?.trim() ?? '';
  return trimmed.length === 0 ? null : trimmed;
}
