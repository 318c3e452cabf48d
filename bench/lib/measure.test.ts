import { describe, expect, it } from 'vitest';
import type { LoadRun } from './load.js';
import { measure } from './measure.js';

const fakeRun = (requests: number): LoadRun => ({
  connections: 1,
  seconds: 1,
  requests,
  rps: requests,
  meanMs: 1,
  p50Ms: 1,
  p99Ms: 2,
  errors: 0,
  non2xx: 0,
  statusCodes: {},
});

describe('measure', () => {
  it('warms up first, then reports the measured run with CPU per request of each watched process', async () => {
    const calls: number[] = [];
    const run = await measure(
      'route',
      (seconds) => {
        calls.push(seconds);
        return Promise.resolve(fakeRun(100));
      },
      5,
      { self: process.pid },
      1,
    );
    expect(calls).toEqual([1, 5]);
    expect(run.label).toBe('route');
    expect(run.requests).toBe(100);
    expect(Object.keys(run.cpuMsPerRequest)).toEqual(['self', 'load generator']);
    expect(run.cpuMsPerRequest.self).toBeGreaterThanOrEqual(0);
  });

  it('reads servers by command name too', async () => {
    const run = await measure('route', () => Promise.resolve(fakeRun(10)), 1, {}, 0, { node: 'node' });
    expect(Object.keys(run.cpuMsPerRequest)).toEqual(['node', 'load generator']);
    expect(run.cpuMsPerRequest.node).toBeGreaterThanOrEqual(0);
  });

  it('skips the warmup when asked', async () => {
    let calls = 0;
    await measure(
      'route',
      () => {
        calls++;
        return Promise.resolve(fakeRun(1));
      },
      1,
      {},
      0,
    );
    expect(calls).toBe(1);
  });
});
