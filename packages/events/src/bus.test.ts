import { describe, expect, it } from 'vitest';
import { defaultBackoffMs, resolveSubscription } from './bus.js';

const handler = () => Promise.resolve();

describe('subscriptions', () => {
  it('retry five times, 1 s doubling up to a minute, ten handlers at once by default', () => {
    const resolved = resolveSubscription({ consumer: 'search', types: ['catalog.product.*'], handler });
    expect(resolved).toMatchObject({ maxAttempts: 5, prefetch: 10 });
    expect([1, 2, 3, 4, 10].map((attempt) => resolved.backoffMs(attempt))).toEqual([
      1_000, 2_000, 4_000, 8_000, 60_000,
    ]);
    expect(defaultBackoffMs(0)).toBe(1_000);
  });

  it('keep explicit settings, even when others are left undefined', () => {
    const backoffMs = () => 5;
    const resolved = resolveSubscription({
      consumer: 'a',
      types: ['x.y'],
      handler,
      maxAttempts: 2,
      backoffMs,
      prefetch: undefined,
    });
    expect(resolved).toMatchObject({ maxAttempts: 2, backoffMs, prefetch: 10 });
  });

  it.each([
    [{ consumer: 'Search Service' }, /Consumer name/],
    [{ consumer: '' }, /Consumer name/],
    [{ types: [] }, /no event type/],
    [{ maxAttempts: 0 }, /maxAttempts/],
    [{ maxAttempts: 1.5 }, /maxAttempts/],
    [{ prefetch: 0 }, /prefetch/],
  ])('are refused when they would make a broken queue or policy: %o', (override, message) => {
    expect(() => resolveSubscription({ consumer: 'search', types: ['a.b'], handler, ...override })).toThrow(
      message,
    );
  });
});
