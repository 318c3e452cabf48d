import { and, eq } from 'drizzle-orm';
import type { Principal } from '@bodega/auth';
import { refreshTokenFamilies, refreshTokens } from '../db/schema.js';
import type { IdentityDeps } from '../deps.js';
import { hashRefreshToken, looksLikeRefreshToken } from './refresh-tokens.js';
import { announceRevokedSessions, revokeFamilies } from './session-tokens.js';

export interface LogoutInput {
  /** The session's refresh token (body or cookie), when the client has it. */
  refreshToken?: string | undefined;
  /** The caller of a bearer-authenticated logout: their token's session ends. */
  principal?: Principal | undefined;
}

/**
 * Ends a session: its refresh-token family and the access tokens issued in it. Idempotent: ending
 * an ended or unknown session succeeds too, so a client can always log out.
 */
export async function logout(deps: IdentityDeps, input: LogoutInput): Promise<void> {
  const familyId =
    input.refreshToken !== undefined
      ? await familyOfToken(deps, input.refreshToken)
      : await familyOfPrincipal(deps, input.principal);
  if (familyId === undefined) return;
  await revokeFamilies(deps.db, [familyId], 'logout', deps.now());
  // Announced even if the family was already closed: announcing twice costs nothing.
  await announceRevokedSessions(deps, [familyId]);
}

async function familyOfToken(deps: IdentityDeps, token: string): Promise<string | undefined> {
  if (!looksLikeRefreshToken(token)) return undefined;
  const [row] = await deps.db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hashRefreshToken(token)))
    .limit(1);
  return row?.familyId;
}

async function familyOfPrincipal(
  deps: IdentityDeps,
  principal: Principal | undefined,
): Promise<string | undefined> {
  if (principal === undefined) return undefined;
  const [row] = await deps.db
    .select({ id: refreshTokenFamilies.id })
    .from(refreshTokenFamilies)
    .where(
      and(
        eq(refreshTokenFamilies.id, principal.session_id),
        eq(refreshTokenFamilies.userId, principal.user_id),
      ),
    )
    .limit(1);
  return row?.id;
}
