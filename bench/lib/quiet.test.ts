import { describe, expect, it } from 'vitest';
import { describeQuiet, machineBusy, parseCpuLine } from './quiet.js';

describe('parseCpuLine', () => {
  it('counts idle and iowait as idle, everything else as busy', () => {
    expect(parseCpuLine('cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3 4\n')).toEqual({
      busy: 150,
      total: 1000,
    });
  });

  it('refuses other text', () => {
    expect(() => parseCpuLine('intr 1 2 3')).toThrow();
  });
});

describe('machineBusy', () => {
  it('is a share between 0 and 1', async () => {
    const busy = await machineBusy(100);
    expect(busy).toBeGreaterThanOrEqual(0);
    expect(busy).toBeLessThanOrEqual(1);
  });
});

describe('describeQuiet', () => {
  it('says how busy the machine was', () => {
    expect(describeQuiet({ busy: 0.123, loadAverage: 1.5, waitedMs: 0 })).toBe(
      'machine 12% busy in the second before the start (1-min load average 1.50)',
    );
  });
});
