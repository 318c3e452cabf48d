import { BadGateway, NotFound } from '@bodega/errors';
import { describe, expect, it } from 'vitest';
import { UpstreamServerError, upstreamTimeout } from './failures.js';
import { upstreamResponse } from './response.js';
import { backoffDelay, isIdempotent, isRetryable } from './retry-policy.js';

const answered = (status: number) =>
  new UpstreamServerError(upstreamResponse('x', status, {}, Buffer.alloc(0)));

describe('the retry policy', () => {
  it('knows which methods are idempotent, whatever their case', () => {
    expect(['GET', 'head', 'PUT', 'DELETE', 'OPTIONS'].map(isIdempotent)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['POST', 'PATCH'].map(isIdempotent)).toEqual([false, false]);
  });

  it('retries unreachable upstreams and passing 502/503/504 answers, nothing else', () => {
    expect(isRetryable(BadGateway('x is unreachable', { code: 'UPSTREAM_UNREACHABLE' }))).toBe(true);
    expect([502, 503, 504].map((status) => isRetryable(answered(status)))).toEqual([true, true, true]);
    expect(isRetryable(answered(500))).toBe(false);
    expect(isRetryable(upstreamTimeout('x'))).toBe(false);
    expect(isRetryable(NotFound('no'))).toBe(false);
    expect(isRetryable(new Error('bug'))).toBe(false);
  });

  it('draws each delay uniformly below a ceiling that doubles up to the cap', () => {
    const top = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, 100, 2_000, top))).toEqual([
      99, 199, 399, 799, 1_599, 1_999,
    ]);
    expect(backoffDelay(3, 100, 2_000, () => 0)).toBe(0);
    expect(backoffDelay(3, 100, 2_000, () => 0.5)).toBe(200);
  });
});
