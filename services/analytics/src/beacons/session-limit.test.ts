import { describe, expect, it } from 'vitest';
import { memoryLimiter } from './session-limit.js';

const at = (iso: string) => new Date(iso);

describe('the per-session beacon budget (memory)', () => {
  it('lets a session send its budget in a minute, refuses the batch that would pass it', async () => {
    const limiter = memoryLimiter(10);
    expect(await limiter.take('s1', 6, at('2026-01-01T00:00:10Z'))).toEqual({ allowed: true });
    expect(await limiter.take('s1', 5, at('2026-01-01T00:00:20Z'))).toEqual({
      allowed: false,
      retryAfterSeconds: 40,
    });
    // The refused batch was not counted: a smaller one still fits.
    expect(await limiter.take('s1', 4, at('2026-01-01T00:00:30Z'))).toEqual({ allowed: true });
    // Another session has its own budget.
    expect(await limiter.take('s2', 10, at('2026-01-01T00:00:30Z'))).toEqual({ allowed: true });
  });

  it('gives a new budget every minute, and forgets old sessions when it holds too many', async () => {
    const limiter = memoryLimiter(10, 2);
    await limiter.take('s1', 10, at('2026-01-01T00:00:59Z'));
    await limiter.take('s2', 10, at('2026-01-01T00:00:59Z'));
    expect(await limiter.take('s1', 10, at('2026-01-01T00:01:00Z'))).toEqual({ allowed: true });
    expect(await limiter.take('s3', 10, at('2026-01-01T00:01:00Z'))).toEqual({ allowed: true });
    // Full of this minute's sessions: it starts the minute over instead of growing.
    expect(await limiter.take('s4', 1, at('2026-01-01T00:01:01Z'))).toEqual({ allowed: true });
    expect(await limiter.take('s1', 10, at('2026-01-01T00:01:02Z'))).toEqual({ allowed: true });
  });
});
