import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from './passwords.js';

describe('password hasher', () => {
  it('hashes with argon2id and the configured costs, and verifies only the right password', async () => {
    const hasher = await createPasswordHasher({ memoryKib: 1024, timeCost: 1 });
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/);
    expect(await hasher.verify(hash, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(hash, 'wrong horse battery')).toBe(false);
  });

  it('treats a malformed stored hash as a mismatch rather than failing', async () => {
    const hasher = await createPasswordHasher({ memoryKib: 1024, timeCost: 1 });
    expect(await hasher.verify('not-a-hash', 'whatever12')).toBe(false);
    expect(hasher.needsRehash('not-a-hash')).toBe(true);
  });

  it('asks for a rehash when the costs were raised since the hash was made', async () => {
    const cheap = await createPasswordHasher({ memoryKib: 1024, timeCost: 1 });
    const dearer = await createPasswordHasher({ memoryKib: 2048, timeCost: 1 });
    const hash = await cheap.hash('correct horse battery');
    expect(cheap.needsRehash(hash)).toBe(false);
    expect(dearer.needsRehash(hash)).toBe(true);
  });

  it('spends a verification on unknown accounts without failing', async () => {
    const hasher = await createPasswordHasher({ memoryKib: 1024, timeCost: 1 });
    await expect(hasher.verifyNothing('anything at all')).resolves.toBeUndefined();
  });
});
