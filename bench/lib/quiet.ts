import fs from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** Busy and total jiffies of all CPUs, from the first line of /proc/stat. */
export function parseCpuLine(stat: string): { busy: number; total: number } {
  const line = stat.split('\n', 1)[0] ?? '';
  if (!line.startsWith('cpu ')) throw new Error('unexpected /proc/stat format');
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  // idle and iowait are the 4th and 5th values.
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** The share of the whole machine's CPU in use over the next `ms` milliseconds (0 to 1). */
export async function machineBusy(ms = 1000): Promise<number> {
  const before = parseCpuLine(fs.readFileSync('/proc/stat', 'utf8'));
  await sleep(ms);
  const after = parseCpuLine(fs.readFileSync('/proc/stat', 'utf8'));
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}

/** What the machine was doing when a scenario started. */
export interface Quiet {
  /** CPU busy over the last second before the start, 0 to 1. */
  busy: number;
  loadAverage: number;
  waitedMs: number;
}

/**
 * Waits (up to `maxWaitMs`) until other work leaves the machine mostly idle, so a scenario does not
 * measure someone else's compile. It never blocks the run: after the bound it goes on, and the report
 * shows how busy the machine was.
 */
export async function waitForQuiet(maxWaitMs = 60_000, threshold = 0.2): Promise<Quiet> {
  const started = performance.now();
  let busy = await machineBusy();
  while (busy > threshold && performance.now() - started < maxWaitMs) busy = await machineBusy();
  return { busy, loadAverage: os.loadavg()[0] ?? 0, waitedMs: performance.now() - started };
}

export function describeQuiet(quiet: Quiet): string {
  return `machine ${Math.round(quiet.busy * 100)}% busy in the second before the start (1-min load average ${quiet.loadAverage.toFixed(2)})`;
}
