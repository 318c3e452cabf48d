import { afterAll, describe, expect, it } from 'vitest';
import { createCache, redisClientOf } from '@bodega/cache';
import { silentLogger } from '@bodega/logging';
import { realBackends, uniqueSuffix } from '@bodega/testing';
import { createRevocationList } from './auth.js';

const { redis: redisUrl } = realBackends();
const logger = silentLogger();

async function until(condition: () => boolean, what: string) {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.runIf(redisUrl)('the revocation list mirrored in every service (Redis)', () => {
  const caches: ReturnType<typeof createCache>[] = [];
  const cacheFor = (prefix: string) => {
    const cache = createCache({ url: redisUrl, prefix });
    caches.push(cache);
    return cache;
  };
  afterAll(async () => {
    for (const cache of caches) await cache.close();
  });

  it('answers from memory once in sync, with revocations made anywhere, before and after it started', async () => {
    const prefix = `bodega:test:${uniqueSuffix()}:auth:`;
    const identity = createRevocationList(cacheFor(prefix), { logger });
    const now = Math.floor(Date.now() / 1000);
    await identity.revokeSession('before-start');

    const gatewayCache = cacheFor(prefix);
    const gateway = createRevocationList(gatewayCache, { logger });
    const client = redisClientOf(gatewayCache)!;
    // Count the gateway's own commands: once mirrored, a check sends none.
    let commands = 0;
    const send = client.sendCommand.bind(client);
    client.sendCommand = (...args: Parameters<typeof client.sendCommand>) => {
      commands++;
      return send(...args);
    };
    await until(() => gateway.mirrored, 'the gateway mirrors the list');

    // Revoked before it started: from the keys it read.
    commands = 0;
    expect(await gateway.isRevoked({ sub: 'u', sid: 'before-start', iat: now })).toBe(true);
    expect(await gateway.isRevoked({ sub: 'u', sid: 'fine', iat: now })).toBe(false);
    expect(commands).toBe(0);

    // Revoked by another service afterwards: the message arrives.
    await identity.revokeSession('after-start');
    await expect.poll(() => gateway.isRevoked({ sub: 'u', sid: 'after-start', iat: now })).toBe(true);
    await identity.revokeUser('u2');
    await expect.poll(() => gateway.isRevoked({ sub: 'u2', sid: 's', iat: now - 5 })).toBe(true);
    expect(await gateway.isRevoked({ sub: 'u2', sid: 's', iat: now + 5 })).toBe(false);
    await identity.restoreUser('u2');
    await expect.poll(() => gateway.isRevoked({ sub: 'u2', sid: 's', iat: now - 5 })).toBe(false);
    expect(commands).toBe(0);

    await gateway.close();
    await identity.close();
    expect(gateway.mirrored).toBe(false);
  });

  it('asks Redis on every check while its subscription is down', async () => {
    const prefix = `bodega:test:${uniqueSuffix()}:auth:`;
    const down = createCache({
      url: 'redis://127.0.0.1:1',
      prefix,
      redis: { commandTimeoutMs: 50, onError: () => undefined },
    });
    caches.push(down);
    const list = createRevocationList(down, { logger });
    await expect(list.isRevoked({ sub: 'u', sid: 's', iat: 0 })).rejects.toThrow();
    expect(list.mirrored).toBe(false);
    await list.close();
  });

  it('stands aside past its size limit, and after a disconnect until it has read everything again', async () => {
    const prefix = `bodega:test:${uniqueSuffix()}:auth:`;
    const cache = cacheFor(prefix);
    const list = createRevocationList(cache, { logger });
    await until(() => list.mirrored, 'mirrored');
    const client = redisClientOf(cache)!;
    // Kill this list's subscription (by its connection name): the mirror must notice and resync.
    const clients = (await client.client('LIST')) as string;
    const subscribers = clients
      .split('\n')
      .filter((line) => line.includes(`name=${prefix}revocation-mirror`))
      .map((line) => /id=(\d+)/.exec(line)?.[1])
      .filter((id): id is string => id !== undefined);
    expect(subscribers).toHaveLength(1);
    await redisClientOf(cacheFor(prefix))!.set(`${prefix}revoked:session:while-away`, '1', 'PX', 60_000);
    for (const id of subscribers) await client.client('KILL', 'ID', id);
    await until(() => !list.mirrored, 'the mirror stands aside');
    await until(() => list.mirrored, 'mirrored again');
    const now = Math.floor(Date.now() / 1000);
    expect(await list.isRevoked({ sub: 'u', sid: 'while-away', iat: now })).toBe(true);
    await list.close();
  });
});
