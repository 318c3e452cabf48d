import { describe, expect, it } from 'vitest';
import { MemoryCache } from '@bodega/cache';
import { createRevocationList } from './auth.js';

describe('revocation list', () => {
  it('revokes a session, and a user for the tokens issued before the revocation', async () => {
    const revocations = createRevocationList(new MemoryCache({ keyPrefix: 't:' }));
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
