import argon2 from 'argon2';
import { describe, expect, it } from 'vitest';
import { describeArgon2, measureVerify, parseArgon2Params } from './argon2.js';

describe('parseArgon2Params', () => {
  it('reads the variant and costs from an encoded hash', () => {
    const params = parseArgon2Params('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g');
    expect(params).toEqual({ variant: 'argon2id', memoryKib: 19456, timeCost: 2, parallelism: 1 });
    expect(describeArgon2(params)).toBe('argon2id, m=19456 KiB (19 MiB), t=2, p=1');
  });

  it('reads the costs in the order node-argon2 writes them (m, p, t)', () => {
    expect(parseArgon2Params('$argon2id$v=19$m=19456,p=1,t=2$c2FsdA$aGFzaA')).toMatchObject({
      memoryKib: 19456,
      timeCost: 2,
      parallelism: 1,
    });
  });

  it('refuses something else', () => {
    expect(() => parseArgon2Params('$2b$12$bcrypt')).toThrow();
  });
});

describe('measureVerify', () => {
  it('counts verifications of a matching password', async () => {
    const hash = await argon2.hash('password-0123', { type: argon2.argon2id, memoryCost: 1024, timeCost: 1 });
    const rate = await measureVerify(hash, 'password-0123', 2, 0.2);
    expect(rate.inFlight).toBe(2);
    expect(rate.verifications).toBeGreaterThan(0);
    expect(rate.perSecond).toBeGreaterThan(0);
    expect(rate.cpuMs).toBeGreaterThan(0);
  });

  it('refuses a password that does not match, rather than measuring failures', async () => {
    const hash = await argon2.hash('password-0123', { type: argon2.argon2id, memoryCost: 1024, timeCost: 1 });
    await expect(measureVerify(hash, 'other-password', 1, 0.1)).rejects.toThrow(/does not match/);
  });
});
