import type { FastifyInstance } from 'fastify';
import { parseBearer, type Principal, type Verifier } from '@bodega/auth';
import { MemoryCache, redisClientOf, type Cache } from '@bodega/cache';
import type { Logger } from '@bodega/logging';
import { createRevocationMirror, type RevocationChange } from './revocation-mirror.js';

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
  // A callback hook: most requests carry no token and should not pay for a promise.
  app.addHook('onRequest', (request, _reply, done) => {
    const token = parseBearer(request.headers.authorization);
    if (token === undefined) {
      done();
      return;
    }
    verifier.verify(token).then(
      (principal) => {
        request.principal = principal;
        done();
      },
      (error: unknown) => {
        done(error as Error);
      },
    );
  });
}

/**
 * Sessions and users whose access tokens must stop working before they expire (logout, refresh-token
 * reuse, deactivation). Kept in the cache every service shares (Redis in distributed mode), for as
 * long as an access token can live. With Redis, each service also mirrors the list in memory (kept
 * exact through pub/sub, see `createRevocationMirror`), so a token check costs no round trip.
 */
export interface RevocationList {
  revokeSession(sessionId: string): Promise<void>;
  revokeUser(userId: string): Promise<void>;
  /** Lifts a user's revocation (reactivation); tokens issued before it stay revoked by their session. */
  restoreUser(userId: string): Promise<void>;
  isRevoked(claims: { sub: string; sid: string; iat: number }): Promise<boolean>;
  /** Whether checks are answered from the in-memory mirror right now (else from the cache). */
  readonly mirrored: boolean;
  close(): Promise<void>;
}

export interface RevocationListOptions {
  tokenTtlSeconds?: number;
  /** Needed for the in-memory mirror (Redis only); without it every check asks the cache. */
  logger?: Logger;
}

/**
 * The revocation list over `cache`. A revocation must hold for as long as the token it revokes lives,
 * whatever else is revoked meanwhile: a memory cache that evicts live entries to make room would let a
 * logged-out token work again after enough other logouts, so it is refused (pass `maxEntries: Infinity`,
 * where entries leave only when they expire).
 */
export function createRevocationList(cache: Cache, options: RevocationListOptions = {}): RevocationList {
  if (cache instanceof MemoryCache && cache.evictsLiveEntries) {
    throw new Error(
      'The revocation list needs a memory cache that never evicts a live entry (MemoryCache maxEntries: Infinity)',
    );
  }
  const ttlMs = ((options.tokenTtlSeconds ?? 900) + 60) * 1000;
  const client = redisClientOf(cache);
  const mirror =
    client && options.logger
      ? createRevocationMirror({ client, prefix: cache.keyPrefix, ttlMs, logger: options.logger })
      : undefined;
  // The key first (what a mirror reads when it resynchronises), then the message; applied here at once.
  const announce = async (change: RevocationChange) => {
    mirror?.apply(change);
    if (client && mirror) await client.publish(mirror.channel, JSON.stringify(change));
  };
  return {
    async revokeSession(sessionId) {
      await cache.set(`revoked:session:${sessionId}`, 1, ttlMs);
      await announce({ kind: 'session', id: sessionId });
    },
    async revokeUser(userId) {
      const since = Math.floor(Date.now() / 1000);
      await cache.set(`revoked:user:${userId}`, since, ttlMs);
      await announce({ kind: 'user', id: userId, since });
    },
    async restoreUser(userId) {
      await cache.delete(`revoked:user:${userId}`);
      await announce({ kind: 'restore', id: userId });
    },
    async isRevoked(claims) {
      const known = mirror?.lookup(claims);
      if (known !== undefined) return known;
      // One round trip for both lists: this runs on every authenticated request of every service.
      const [session, userSince] = await cache.getMany<number>([
        `revoked:session:${claims.sid}`,
        `revoked:user:${claims.sub}`,
      ]);
      return session !== undefined || (userSince !== undefined && claims.iat <= userSince);
    },
    get mirrored() {
      return mirror?.synced ?? false;
    },
    close: async () => {
      await mirror?.close();
    },
  };
}
