import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/** argon2id costs; OWASP's recommendation is 19456 KiB, 2 iterations, parallelism 1. */
export interface Argon2Costs {
  memoryKib: number;
  timeCost: number;
}

/** Hashes and checks passwords. One instance per service, built from config. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Whether `password` matches `hash`; a malformed hash is a mismatch, never a crash. */
  verify(hash: string, password: string): Promise<boolean>;
  /**
   * Spends the time of one verification without a stored hash, so an unknown email answers as slowly
   * as a known one and response times do not reveal which emails have accounts.
   */
  verifyNothing(password: string): Promise<void>;
  /** Whether `hash` was made with other costs than today's and should be replaced at the next login. */
  needsRehash(hash: string): boolean;
}

export async function createPasswordHasher(costs: Argon2Costs): Promise<PasswordHasher> {
  const options = {
    type: argon2.argon2id,
    memoryCost: costs.memoryKib,
    timeCost: costs.timeCost,
    parallelism: 1,
  } as const satisfies argon2.HashOptions;
  const hash = (password: string) => argon2.hash(password, options);
  const verify = async (stored: string, password: string) => {
    try {
      return await argon2.verify(stored, password);
    } catch {
      return false;
    }
  };
  // Made with today's costs, so checking against it costs what checking a real account does.
  const decoy = await hash(randomBytes(32).toString('base64url'));
  return {
    hash,
    verify,
    async verifyNothing(password) {
      await verify(decoy, password);
    },
    needsRehash: (stored) => {
      try {
        return argon2.needsRehash(stored, options);
      } catch {
        return true;
      }
    },
  };
}
