import { describe, expect, it } from 'vitest';
import { MemoryCache, broadcastOf, type Broadcast } from '@bodega/cache';
import { EDGE_PURGE_CHANNEL } from '@bodega/contracts';
import { silentLogger } from '@bodega/logging';
import { meEdgeHeaders, purgeUser, userPurgeHeader } from './user-edge.js';

const id = '0190F1C2-0000-7000-8000-000000000001';

describe("the gateway's copies of a user's /me", () => {
  it('are allowed for the configured time, per caller, tagged with the user; never when it is 0', () => {
    expect(meEdgeHeaders({ meEdgeCacheSeconds: 30 }, id)).toEqual({
      'surrogate-control': 'max-age=30',
      'surrogate-key': `user:${id.toLowerCase()}`,
      vary: 'authorization',
    });
    expect(meEdgeHeaders({ meEdgeCacheSeconds: 0 }, id)).toEqual({});
    expect(userPurgeHeader(id)).toEqual({ 'surrogate-key': `user:${id.toLowerCase()}` });
  });

  it('are purged through the broadcast, and a broadcast that fails only costs a warning', async () => {
    const broadcast = broadcastOf(new MemoryCache());
    const heard: string[] = [];
    const subscription = broadcast.subscribe(EDGE_PURGE_CHANNEL, {
      message: (message) => heard.push(message),
      gap: () => undefined,
    });
    await purgeUser({ broadcast, logger: silentLogger() }, id);
    expect(heard).toEqual([`user:${id.toLowerCase()}`]);
    await subscription.close();

    const warnings: unknown[] = [];
    const logger = silentLogger();
    logger.warn = (...args: unknown[]) => void warnings.push(args);
    const failing: Broadcast = {
      publish: () => Promise.reject(new Error('down')),
      subscribe: () => {
        throw new Error('unused');
      },
    };
    await expect(purgeUser({ broadcast: failing, logger }, id)).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
  });
});
