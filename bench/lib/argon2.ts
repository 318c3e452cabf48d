import argon2 from 'argon2';

/** The costs an argon2 hash was made with, read from its encoded form. */
export interface Argon2Params {
  variant: string;
  memoryKib: number;
  timeCost: number;
  parallelism: number;
}

/** Parses `$argon2id$v=19$m=19456,t=2,p=1$salt$hash` (any order of m, t, p): the stored hash is the truth about the costs. */
export function parseArgon2Params(encoded: string): Argon2Params {
  const match = /^\$(argon2(?:id|i|d))\$v=\d+\$([a-z]=\d+(?:,[a-z]=\d+)*)\$/.exec(encoded);
  if (!match) throw new Error('not an encoded argon2 hash');
  const costs = new Map(match[2]!.split(',').map((pair) => [pair[0], Number(pair.slice(2))] as const));
  const cost = (key: string) => {
    const value = costs.get(key);
    if (value === undefined) throw new Error(`no ${key}= cost in the argon2 hash`);
    return value;
  };
  return { variant: match[1]!, memoryKib: cost('m'), timeCost: cost('t'), parallelism: cost('p') };
}

export function describeArgon2(params: Argon2Params): string {
  return `${params.variant}, m=${params.memoryKib} KiB (${(params.memoryKib / 1024).toFixed(0)} MiB), t=${params.timeCost}, p=${params.parallelism}`;
}

/** Bare verifications per second of one hash, with `inFlight` running at once. */
export interface VerifyRate {
  inFlight: number;
  verifications: number;
  perSecond: number;
  /** Mean time of one verification as its caller sees it. */
  meanMs: number;
  /** CPU time per verification (the pool threads are this process's): what other load cannot inflate much. */
  cpuMs: number;
}

/**
 * How many `argon2.verify` calls of `hash` this machine completes per second with `inFlight` at
 * once (the native binding runs them on libuv's pool, 4 threads by default): the ceiling of login.
 */
export async function measureVerify(
  hash: string,
  password: string,
  inFlight: number,
  seconds: number,
): Promise<VerifyRate> {
  if (!(await argon2.verify(hash, password))) throw new Error('the password does not match the hash');
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let verifications = 0;
  let busyMs = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const begin = performance.now();
      await argon2.verify(hash, password);
      busyMs += performance.now() - begin;
      verifications++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    inFlight,
    verifications,
    perSecond: verifications / elapsed,
    meanMs: busyMs / verifications,
    cpuMs: (cpu.user + cpu.system) / 1000 / verifications,
  };
}
