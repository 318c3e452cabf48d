import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes: far beyond guessing, short enough for a cookie. */
const TOKEN_BYTES = 32;
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/** A new opaque refresh token (base64url). Only its hash is ever stored. */
export function newRefreshToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * SHA-256 is enough here (no salt, no argon2): the token is 256 random bits, so there is nothing to
 * brute-force, and a fast hash lets the lookup use a unique index.
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether `token` could be one of ours; anything else is rejected without touching the database. */
export function looksLikeRefreshToken(token: string): boolean {
  return tokenPattern.test(token);
}

export function refreshTokenExpiry(now: Date, ttlDays: number): Date {
  return new Date(now.getTime() + ttlDays * 86_400_000);
}

/** What presenting a stored refresh token means, given its state and its family's. */
export type RefreshVerdict = 'rotate' | 'reused' | 'revoked' | 'expired';

/**
 * Decides a refresh. A token already exchanged is reuse whatever else is true: either the client or a
 * thief holds a stale copy, and since we cannot tell which, the whole family ends (RFC 9700 section 4.14.2).
 */
export function judgeRefreshToken(
  token: { rotatedAt: Date | null; expiresAt: Date },
  family: { revokedAt: Date | null },
  now: Date,
): RefreshVerdict {
  if (token.rotatedAt !== null) return 'reused';
  if (family.revokedAt !== null) return 'revoked';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'rotate';
}
