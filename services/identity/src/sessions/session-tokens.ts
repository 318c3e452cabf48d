import { Type, type Static } from '@sinclair/typebox';
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { signAccessToken } from '@bodega/auth';
import { newId, type Executor } from '@bodega/db';
import { refreshTokenFamilies, refreshTokens, type UserRow } from '../db/schema.js';
import type { IdentityDeps } from '../deps.js';
import { toUserJson, UserSchema } from '../users/user.js';
import { hashRefreshToken, newRefreshToken, refreshTokenExpiry } from './refresh-tokens.js';

/** The answer of login and refresh (ARCHITECTURE "Shapes"). */
export const TokenResponseSchema = Type.Object(
  {
    access_token: Type.String({ description: 'EdDSA JWT, valid for expires_in seconds' }),
    refresh_token: Type.String({ description: 'Opaque; single use: each refresh returns the next one' }),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ description: 'Seconds until the access token expires' }),
    user: UserSchema,
  },
  { additionalProperties: false },
);
export type TokenResponse = Static<typeof TokenResponseSchema>;

/** A session's tokens, plus what the HTTP layer needs to set the web cookies. */
export interface IssuedSession {
  body: TokenResponse;
  sessionId: string;
  refreshExpiresAt: Date;
}

/** Stores one more refresh token in `familyId`; returns the token itself, which is never stored. */
export async function addRefreshToken(
  tx: Executor,
  deps: IdentityDeps,
  familyId: string,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newRefreshToken();
  const expiresAt = refreshTokenExpiry(now, deps.refreshTokenTtlDays);
  await tx.insert(refreshTokens).values({
    id: newId(),
    familyId,
    tokenHash: hashRefreshToken(token),
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}

/** Opens a new session (refresh-token family) for `user` and issues its first tokens. */
export async function startSession(deps: IdentityDeps, user: UserRow): Promise<IssuedSession> {
  const now = deps.now();
  const familyId = newId();
  const refresh = await deps.db.transaction(async (tx) => {
    await tx.insert(refreshTokenFamilies).values({ id: familyId, userId: user.id, createdAt: now });
    return addRefreshToken(tx, deps, familyId, now);
  });
  return issueTokens(deps, user, familyId, refresh);
}

/** Signs the access token of `familyId` and assembles the answer. */
export async function issueTokens(
  deps: IdentityDeps,
  user: UserRow,
  familyId: string,
  refresh: { token: string; expiresAt: Date },
): Promise<IssuedSession> {
  const accessToken = await signAccessToken(
    deps.keyRing,
    { sub: user.id, role: user.role, sid: familyId },
    { ttlSeconds: deps.accessTokenTtlSeconds, now: deps.now() },
  );
  return {
    sessionId: familyId,
    refreshExpiresAt: refresh.expiresAt,
    body: {
      access_token: accessToken,
      refresh_token: refresh.token,
      token_type: 'Bearer',
      expires_in: deps.accessTokenTtlSeconds,
      user: toUserJson(user),
    },
  };
}

export type RevocationReason = 'logout' | 'reuse' | 'password_change' | 'deactivated' | 'role_change';

/** Ends the given families (those still open); returns the ids it ended. */
export async function revokeFamilies(
  tx: Executor,
  familyIds: string[],
  reason: RevocationReason,
  now: Date,
): Promise<string[]> {
  if (familyIds.length === 0) return [];
  const rows = await tx
    .update(refreshTokenFamilies)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(inArray(refreshTokenFamilies.id, familyIds), isNull(refreshTokenFamilies.revokedAt)))
    .returning({ id: refreshTokenFamilies.id });
  return rows.map((row) => row.id);
}

/** Ends every open session of `userId`, except `keep` (the session changing its own password). */
export async function revokeUserFamilies(
  tx: Executor,
  userId: string,
  reason: RevocationReason,
  now: Date,
  keep?: string,
): Promise<string[]> {
  const rows = await tx
    .update(refreshTokenFamilies)
    .set({ revokedAt: now, revokedReason: reason })
    .where(
      and(
        eq(refreshTokenFamilies.userId, userId),
        isNull(refreshTokenFamilies.revokedAt),
        keep === undefined ? undefined : ne(refreshTokenFamilies.id, keep),
      ),
    )
    .returning({ id: refreshTokenFamilies.id });
  return rows.map((row) => row.id);
}

/**
 * Tells every service that these sessions ended, so their access tokens die now rather than when
 * they expire. Called after the commit: a rolled-back revocation must not log anyone out.
 */
export async function announceRevokedSessions(deps: IdentityDeps, sessionIds: string[]): Promise<void> {
  await Promise.all(sessionIds.map((id) => deps.revocations.revokeSession(id)));
}
