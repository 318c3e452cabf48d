import { setTimeout as sleep } from 'node:timers/promises';
import {
  MemoryCache,
  RedisCache,
  broadcastOf,
  createRedisClient,
  type Broadcast,
  type Cache,
  type Subscription,
} from '@bodega/cache';
import { realBackends, uniqueSuffix } from '@bodega/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

/** Two caches sharing one backend, as two processes (or two embedded services) would. */
interface Backend {
  name: string;
  pair(prefix: string): { a: Cache; b: Cache; close(): Promise<void> };
}

const redisUrl = realBackends().redis;
const backends: Backend[] = [
  {
    name: 'memory',
    pair: (prefix) => {
      // Embedded services share one cache instance: that is what carries their broadcasts.
      const shared = new MemoryCache({ keyPrefix: prefix });
      return { a: shared, b: shared, close: () => shared.close() };
    },
  },
];
if (redisUrl) {
  backends.push({
    name: 'redis',
    pair: (prefix) => {
      const one = createRedisClient(redisUrl);
      const two = createRedisClient(redisUrl);
      return {
        a: new RedisCache({ client: one, keyPrefix: prefix }),
        b: new RedisCache({ client: two, keyPrefix: prefix }),
        close: async () => {
          await one.quit();
          await two.quit();
        },
      };
    },
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function listen(broadcast: Broadcast, channel: string) {
  const heard: string[] = [];
  let gaps = 0;
  const subscription = broadcast.subscribe(channel, {
    message: (message) => heard.push(message),
    gap: () => {
      gaps++;
    },
  });
  return { heard, subscription, gaps: () => gaps };
}

describe.each(backends)('the $name broadcast', (backend) => {
  const opened: { close(): Promise<void> }[] = [];
  const subscriptions: Subscription[] = [];
  const pair = () => {
    const caches = backend.pair(`bodega:test:broadcast:${uniqueSuffix()}:`);
    opened.push(caches);
    return caches;
  };
  afterEach(async () => {
    for (const subscription of subscriptions.splice(0)) await subscription.close();
  });
  afterAll(async () => {
    for (const caches of opened) await caches.close();
  });

  it("delivers a message to every subscriber of its channel, in order, and to no other channel's", async () => {
    const { a, b } = pair();
    const first = listen(broadcastOf(b), 'edge-purge');
    const second = listen(broadcastOf(b), 'edge-purge');
    const other = listen(broadcastOf(b), 'elsewhere');
    subscriptions.push(first.subscription, second.subscription, other.subscription);
    await until(() => first.subscription.live && second.subscription.live, 'subscriptions to be live');

    await broadcastOf(a).publish('edge-purge', 'product:1');
    await broadcastOf(a).publish('edge-purge', 'product:2 product:3');
    await until(() => first.heard.length === 2 && second.heard.length === 2, 'both messages');
    expect(first.heard).toEqual(['product:1', 'product:2 product:3']);
    expect(second.heard).toEqual(first.heard);
    expect(other.heard).toEqual([]);
  });

  it('stops delivering once a subscription is closed', async () => {
    const { a, b } = pair();
    const closing = listen(broadcastOf(b), 'edge-purge');
    const staying = listen(broadcastOf(b), 'edge-purge');
    subscriptions.push(staying.subscription);
    await until(() => closing.subscription.live && staying.subscription.live, 'subscriptions to be live');
    await closing.subscription.close();
    expect(closing.subscription.live).toBe(false);

    await broadcastOf(a).publish('edge-purge', 'product:1');
    await until(() => staying.heard.length === 1, 'the message');
    expect(closing.heard).toEqual([]);
  });

  it('keeps channels apart between namespaces (key prefixes)', async () => {
    const mine = pair();
    const theirs = pair();
    const heard = listen(broadcastOf(mine.b), 'edge-purge');
    subscriptions.push(heard.subscription);
    await until(() => heard.subscription.live, 'the subscription to be live');
    await broadcastOf(theirs.a).publish('edge-purge', 'not for me');
    await broadcastOf(mine.a).publish('edge-purge', 'for me');
    await until(() => heard.heard.length > 0, 'the message');
    await sleep(50);
    expect(heard.heard).toEqual(['for me']);
  });
});

// Needs a Redis server to cut connections on: it runs wherever REDIS_URL is set, and CI (which always
// sets it) must never skip it.
if (!redisUrl && process.env.CI === 'true')
  throw new Error('REDIS_URL must be set in CI: the Redis broadcast suite cannot skip');

describe.runIf(redisUrl)('the redis broadcast when its connection drops', () => {
  it('reports a gap when it goes down and again when it is back, then delivers again', async () => {
    const prefix = `bodega:test:broadcast:${uniqueSuffix()}:`;
    const client = createRedisClient(redisUrl!);
    const admin = createRedisClient(redisUrl!);
    const cache = new RedisCache({ client, keyPrefix: prefix });
    const heard = listen(broadcastOf(cache), 'edge-purge');
    try {
      await until(() => heard.subscription.live, 'the subscription to be live');
      const gapsWhenLive = heard.gaps();
      // Cut the subscriber's connection from the server side, as a Redis restart would.
      const clients = await admin.client('LIST');
      const line = String(clients)
        .split('\n')
        .find((entry) =>
          entry.includes(`name=${`${prefix}edge-purge`.replace(/[^a-zA-Z0-9:_-]/g, '')}:subscriber`),
        );
      expect(line).toBeDefined();
      const id = /id=(\d+)/.exec(line!)?.[1];
      await admin.client('KILL', 'ID', id!);
      await until(
        () => heard.gaps() >= gapsWhenLive + 2 && heard.subscription.live,
        'the gap and the resubscription',
      );

      await admin.publish(`${prefix}edge-purge`, 'after the gap');
      await until(() => heard.heard.includes('after the gap'), 'a message after the gap');
    } finally {
      await heard.subscription.close();
      await client.quit();
      await admin.quit();
    }
  });
});
