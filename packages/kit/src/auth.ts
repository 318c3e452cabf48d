import type { FastifyInstance } from 'fastify';
import { parseBearer, type Principal, type Verifier } from '@bodega/auth';
import type { Cache } from '@bodega/cache';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller, when the request carried a valid access token. */
    principal: Principal | undefined;
  }
}

/**
 * Verifies the bearer token, when there is one, before any route runs: a bad token is a 401 even on a
 * route that does not need one, so clients learn early that their session is gone. Routes decide
 * what a principal may do with the guards of @bodega/auth.
 */
export function installAuthentication(app: FastifyInstance, verifier: Verifier): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const token = parseBearer(request.headers.authorization);
    if (token !== undefined) request.principal = await verifier.verify(token);
  });
}

/**
 * Sessions and users whose access tokens must stop working before they expire (logout, refresh-token
 * reuse, deactivation). Kept in the cache every service shares (Redis in distributed mode), for as
 * long as an access token can live.
 */
export interface RevocationList {
  revokeSession(sessionId: string): Promise<void>;
  revokeUser(userId: string): Promise<void>;
  /** Lifts a user's revocation (reactivation); tokens issued before it stay revoked by their session. */
  restoreUser(userId: string): Promise<void>;
  isRevoked(claims: { sub: string; sid: string; iat: number }): Promise<boolean>;
}

export function createRevocationList(cache: Cache, tokenTtlSeconds = 900): RevocationList {
  const ttlMs = (tokenTtlSeconds + 60) * 1000;
  return {
    revokeSession: (sessionId) => cache.set(`revoked:session:${sessionId}`, 1, ttlMs),
    revokeUser: (userId) => cache.set(`revoked:user:${userId}`, Math.floor(Date.now() / 1000), ttlMs),
    restoreUser: (userId) => cache.delete(`revoked:user:${userId}`),
    async isRevoked(claims) {
      // One round trip for both lists: this runs on every authenticated request of every service.
      const [session, userSince] = await cache.getMany<number>([
        `revoked:session:${claims.sid}`,
        `revoked:user:${claims.sub}`,
      ]);
      return session !== undefined || (userSince !== undefined && claims.iat <= userSince);
    },
  };
}
