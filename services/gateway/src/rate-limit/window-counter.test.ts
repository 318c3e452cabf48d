import { afterAll, describe, expect, it } from 'vitest';
import { createCache, redisClientOf } from '@bodega/cache';
import { createLogger } from '@bodega/logging';
import { realBackends, uniqueSuffix } from '@bodega/testing';
import { createWindowCounter } from './window-counter.js';

const logger = createLogger({ service: 'gateway-test', level: 'silent' });
const minute = 60_000;

function clock(start = 10 * minute) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('a window counter on its own', () => {
  it('counts every hit of a key exactly and tells when its window ends', async () => {
    const time = clock(10 * minute + 15_000);
    const counter = createWindowCounter({ windowMs: minute, prefix: 't:', logger, now: time.now });
    expect(counter.hit('ip:a')).toEqual({ count: 1, resetMs: 45_000 });
    expect(counter.hit('ip:a').count).toBe(2);
    expect(counter.hit('ip:b').count).toBe(1);
    time.advance(44_999);
    expect(counter.hit('ip:a')).toEqual({ count: 3, resetMs: 1 });
    await counter.close();
  });

  it('counts a hit of several units as that many hits (a GraphQL request, one per upstream call)', async () => {
    const counter = createWindowCounter({ windowMs: minute, prefix: 't:', logger, now: clock().now });
    expect(counter.hit('ip:a', 4).count).toBe(4);
    expect(counter.hit('ip:a').count).toBe(5);
    await counter.close();
  });

  it('starts over in the next window', async () => {
    const time = clock();
    const counter = createWindowCounter({ windowMs: minute, prefix: 't:', logger, now: time.now });
    for (let i = 0; i < 5; i++) counter.hit('ip:a');
    time.advance(minute);
    expect(counter.hit('ip:a').count).toBe(1);
    await counter.close();
  });

  it('keeps at most maxKeys keys, dropping past windows first, then the oldest', async () => {
    const time = clock();
    const counter = createWindowCounter({
      windowMs: minute,
      prefix: 't:',
      logger,
      now: time.now,
      maxKeys: 2,
    });
    counter.hit('old');
    time.advance(minute);
    counter.hit('a');
    counter.hit('a');
    counter.hit('b'); // 'old' (a past window) makes room
    expect(counter.hit('a').count).toBe(3);
    counter.hit('c'); // full of current keys: the oldest ('a') goes
    expect(counter.hit('a').count).toBe(1);
    expect(counter.hit('c').count).toBe(2);
    await counter.close();
  });
});

const { redis: redisUrl } = realBackends();

describe.runIf(redisUrl)('window counters sharing Redis (two gateway replicas)', () => {
  const cache = createCache({ url: redisUrl, prefix: 'test:' });
  const redis = redisClientOf(cache)!;
  afterAll(() => cache.close());

  it('learn each other’s hits at the next flush and never lose one', async () => {
    const prefix = `bodega:test:${uniqueSuffix()}:`;
    // Flushed by hand, in a known order (the timers are set far away).
    const options = { windowMs: minute, prefix, redis, logger, flushMs: minute };
    const one = createWindowCounter(options);
    const two = createWindowCounter(options);
    for (let i = 0; i < 30; i++) one.hit('ip:shared');
    for (let i = 0; i < 12; i++) two.hit('ip:shared');
    await one.flush();
    await two.flush();
    expect(Number(await redis.get(windowKey(prefix, 'ip:shared')))).toBe(42);
    // `two` flushed last and knows everything; `one` learns the other's 12 at its next flush.
    expect(two.hit('ip:shared').count).toBe(43);
    expect(one.hit('ip:shared').count).toBe(31);
    await one.flush();
    expect(one.hit('ip:shared').count).toBe(44);
    await one.close();
    await two.close();
    expect(Number(await redis.get(windowKey(prefix, 'ip:shared')))).toBe(45);
    expect(await redis.pttl(windowKey(prefix, 'ip:shared'))).toBeGreaterThan(minute);
  });

  it('counts on its own while Redis is unreachable, then shares again', async () => {
    const down = createCache({
      url: 'redis://127.0.0.1:1',
      prefix: 'test:',
      redis: { commandTimeoutMs: 20, onError: () => undefined },
    });
    const counter = createWindowCounter({
      windowMs: minute,
      prefix: `bodega:test:${uniqueSuffix()}:`,
      redis: redisClientOf(down),
      logger,
      flushMs: 1,
    });
    for (let i = 1; i <= 5; i++) {
      expect(counter.hit('ip:a').count).toBe(i);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await counter.close();
    await down.close();
  });
});

function windowKey(prefix: string, key: string) {
  return `${prefix}${key}:${Math.floor(Date.now() / minute)}`;
}
