import { eq } from 'drizzle-orm';
import { Unauthorized } from '@bodega/errors';
import { refreshTokenFamilies, refreshTokens, users } from '../db/schema.js';
import type { IdentityDeps } from '../deps.js';
import { accountDisabled } from '../users/user-store.js';
import { hashRefreshToken, judgeRefreshToken, looksLikeRefreshToken } from './refresh-tokens.js';
import {
  addRefreshToken,
  announceRevokedSessions,
  issueTokens,
  revokeFamilies,
  type IssuedSession,
} from './session-tokens.js';

export function invalidRefreshToken() {
  return Unauthorized('The refresh token is invalid', { code: 'INVALID_REFRESH_TOKEN' });
}

/**
 * Exchanges a refresh token for new tokens (rotation). The token row is locked for the transaction, so
 * of two concurrent refreshes of one token exactly one rotates it; the other then sees a rotated
 * token, which is reuse. Reuse ends the whole family and its access tokens, everywhere.
 */
export async function refresh(deps: IdentityDeps, presented: string): Promise<IssuedSession> {
  if (!looksLikeRefreshToken(presented)) throw invalidRefreshToken();
  const now = deps.now();
  const outcome = await deps.db.transaction(async (tx) => {
    // The lock serializes refreshes of this one token; other sessions are not held up.
    const [token] = await tx
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hashRefreshToken(presented)))
      .for('update')
      .limit(1);
    if (!token) throw invalidRefreshToken();
    const [owner] = await tx
      .select({ family: refreshTokenFamilies, user: users })
      .from(refreshTokenFamilies)
      .innerJoin(users, eq(users.id, refreshTokenFamilies.userId))
      .where(eq(refreshTokenFamilies.id, token.familyId))
      .limit(1);
    if (!owner) throw invalidRefreshToken();
    const { family, user } = owner;

    switch (judgeRefreshToken(token, family, now)) {
      case 'reused':
        // Committed, not thrown: the revocation must survive the error answered below.
        await revokeFamilies(tx, [family.id], 'reuse', now);
        return { reused: true as const, familyId: family.id };
      case 'revoked':
        throw Unauthorized('This session has ended; sign in again', { code: 'REFRESH_TOKEN_REVOKED' });
      case 'expired':
        throw Unauthorized('The refresh token has expired; sign in again', { code: 'REFRESH_TOKEN_EXPIRED' });
      case 'rotate':
        if (!user.active) throw accountDisabled();
        await tx.update(refreshTokens).set({ rotatedAt: now }).where(eq(refreshTokens.id, token.id));
        return {
          reused: false as const,
          user,
          familyId: family.id,
          next: await addRefreshToken(tx, deps, family.id, now),
        };
    }
  });

  if (outcome.reused) {
    await announceRevokedSessions(deps, [outcome.familyId]);
    deps.logger.warn({ session_id: outcome.familyId }, 'refresh token reused: session revoked');
    throw Unauthorized('This refresh token was already used; the session has been ended for safety', {
      code: 'REFRESH_TOKEN_REUSED',
    });
  }
  return issueTokens(deps, outcome.user, outcome.familyId, outcome.next);
}
