import { describe, expect, it } from 'vitest';
import { createVerifier, generateSigningKey, KeyRing, signAccessToken } from '@bodega/auth';
import { MemoryCache } from '@bodega/cache';
import { createRevocationList } from './auth.js';

describe('revocation list', () => {
  it('revokes a session, and a user for the tokens issued before the revocation', async () => {
    const revocations = createRevocationList(new MemoryCache({ keyPrefix: 't:', maxEntries: Infinity }));
    const now = Math.floor(Date.now() / 1000);
    expect(await revocations.isRevoked({ sub: 'u1', sid: 's1', iat: now })).toBe(false);
    await revocations.revokeSession('s1');
    expect(await revocations.isRevoked({ sub: 'u1', sid: 's1', iat: now })).toBe(true);
    expect(await revocations.isRevoked({ sub: 'u1', sid: 's2', iat: now })).toBe(false);
    await revocations.revokeUser('u1');
    expect(await revocations.isRevoked({ sub: 'u1', sid: 's2', iat: now - 10 })).toBe(true);
    expect(await revocations.isRevoked({ sub: 'u1', sid: 's3', iat: now + 10 })).toBe(false);
    await revocations.restoreUser('u1');
    expect(await revocations.isRevoked({ sub: 'u1', sid: 's2', iat: now - 10 })).toBe(false);
  });
});

describe('revocations in memory (embedded mode)', () => {
  const subject = (sid: string) => ({ sub: `user-${sid}`, role: 'customer' as const, sid });

  it('keeps a logged-out token refused through the verifier after 10,001 other logouts', async () => {
    const ring = new KeyRing(await generateSigningKey());
    const revocations = createRevocationList(
      new MemoryCache({ keyPrefix: 'bodega:auth:', maxEntries: Infinity }),
    );
    const verifier = createVerifier({
      jwks: ring.jwks(),
      isRevoked: (claims) => revocations.isRevoked(claims),
      verifiedCache: { maxEntries: 0 },
    });
    const first = await signAccessToken(ring, subject('s-first'));
    const other = await signAccessToken(ring, subject('s-other'));
    await revocations.revokeSession('s-first');
    for (let i = 0; i < 10_001; i++) await revocations.revokeSession(`s-${i}`);

    await expect(verifier.verify(first)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    await expect(verifier.verify(other)).resolves.toMatchObject({ session_id: 's-other' });
  });

  it('forgets a revocation only once the token it revokes has expired: memory is bounded by expiry', async () => {
    let now = Date.now();
    const cache = new MemoryCache({ keyPrefix: 't:', maxEntries: Infinity, now: () => now });
    const revocations = createRevocationList(cache, { tokenTtlSeconds: 900 });
    const iat = Math.floor(now / 1000);
    await revocations.revokeSession('old');
    for (let i = 0; i < 3_000; i++) await revocations.revokeSession(`s-${i}`);
    now += 900_000; // the revoked token has expired, but not the clock skew allowed past it
    expect(await revocations.isRevoked({ sub: 'u', sid: 'old', iat })).toBe(true);

    now += 61_000;
    expect(await revocations.isRevoked({ sub: 'u', sid: 'old', iat })).toBe(false);
    // Writes after that sweep what expired, however much was never read again.
    for (let i = 0; i < 3_000; i++) await revocations.revokeSession(`t-${i}`);
    expect(cache.size).toBeLessThan(4_000);
  });

  it('refuses a memory cache that would evict a live revocation to make room', () => {
    expect(() => createRevocationList(new MemoryCache({ keyPrefix: 't:' }))).toThrow(
      /never evicts a live entry/,
    );
    expect(() =>
      createRevocationList(new MemoryCache({ keyPrefix: 't:', maxEntries: Infinity })),
    ).not.toThrow();
  });
});
