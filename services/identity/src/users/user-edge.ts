import { userSurrogateKey } from '@bodega/contracts';
import { publishEdgePurge } from '@bodega/kit';
import type { IdentityDeps } from '../deps.js';

/**
 * Headers of a caller's own `GET /me`: the gateway's edge cache may keep the answer for
 * `meEdgeCacheSeconds` (`Surrogate-Control`), for this caller only (`Vary: Authorization`: it is kept
 * per access token, and only after the gateway has verified that token), tagged with the user
 * (`Surrogate-Key`), whose purge drops every copy. The surrogate headers never reach the client.
 */
export function meEdgeHeaders(
  deps: Pick<IdentityDeps, 'meEdgeCacheSeconds'>,
  userId: string,
): Record<string, string> {
  if (deps.meEdgeCacheSeconds === 0) return {};
  return {
    'surrogate-control': `max-age=${deps.meEdgeCacheSeconds}`,
    'surrogate-key': userSurrogateKey(userId),
    vary: 'authorization',
  };
}

/** The header of a write's answer that makes the gateway drop the user's stored answers at once. */
export const userPurgeHeader = (userId: string): Record<string, string> => ({
  'surrogate-key': userSurrogateKey(userId),
});

/** Tells every gateway that a user changed, after the commit (see `publishEdgePurge`). */
export async function purgeUser(
  deps: Pick<IdentityDeps, 'broadcast' | 'logger'>,
  userId: string,
): Promise<void> {
  await publishEdgePurge(deps, userSurrogateKey(userId), { user_id: userId });
}
