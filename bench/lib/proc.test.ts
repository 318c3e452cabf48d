import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  cpuMsByCommand,
  cpuSpent,
  parseCpuMs,
  parseStatus,
  processTree,
  readCpuMs,
  readMemory,
} from './proc.js';

describe('parseStatus', () => {
  it('reads VmRSS and VmHWM in MiB', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t7\n';
    expect(parseStatus(status)).toEqual({ rssMib: 100, peakMib: 200 });
  });

  it('refuses a status without them', () => {
    expect(() => parseStatus('Name:\tkthreadd\n')).toThrow(/VmRSS/);
  });
});

describe('parseCpuMs', () => {
  /** A /proc/<pid>/stat line with the given times (ticks) and zeros elsewhere that matter. */
  const statLine = (command: string, utime: number, stime: number, cutime = 0, cstime = 0) =>
    `1234 (${command}) ${['S', '1', '1', '1', '0', '-1', '4194560', '100', '0', '0', '0', utime, stime, cutime, cstime].join(' ')}`;

  it('adds utime and stime, counting fields after a command name holding spaces and parentheses', () => {
    expect(parseCpuMs(statLine('node (x) y', 250, 50))).toBe(3000);
  });

  it("adds the time of ended children when asked (cutime, cstime): a closed backend's CPU stays counted", () => {
    const stat = statLine('postgres', 250, 50, 700, 300);
    expect(parseCpuMs(stat)).toBe(3000);
    expect(parseCpuMs(stat, 100, true)).toBe(13000);
    expect(() => parseCpuMs('1234 (postgres) S 1 1', 100, true)).toThrow(/unexpected/);
  });
});

describe('this machine', () => {
  it('adds up the CPU of processes by command name, and tells what an interval used', () => {
    const own = fs.readFileSync(`/proc/${process.pid}/comm`, 'utf8').trim();
    expect(cpuMsByCommand([own, 'no-such-command'])).toEqual({
      [own]: expect.any(Number),
      'no-such-command': 0,
    });
    const spent = cpuSpent({ me: process.pid }, { mine: own });
    const until = Date.now() + 50;
    while (Date.now() < until) Math.sqrt(Math.random());
    const used = spent();
    expect(Object.keys(used)).toEqual(['me', 'mine']);
    expect(used.me).toBeGreaterThanOrEqual(0);
    // Every process of that name includes this one (give or take a clock tick between the readings).
    expect(used.mine! + 20).toBeGreaterThanOrEqual(used.me!);
  });

  it('reads memory and CPU of a live process', () => {
    const memory = readMemory(process.pid);
    expect(memory.rssMib).toBeGreaterThan(0);
    expect(memory.peakMib).toBeGreaterThanOrEqual(memory.rssMib);
    expect(readCpuMs(process.pid)).toBeGreaterThanOrEqual(0);
  });

  it('finds the children of a process', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      expect(processTree(process.pid)).toContain(child.pid);
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
});
