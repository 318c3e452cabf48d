import { describe, expect, it } from 'vitest';
import { cpuModel, describeMachine, gitCommit, runInfo } from './machine.js';
import { repoDir } from './platform.js';

describe('machine and commit', () => {
  it('reads the CPU model from /proc/cpuinfo text', () => {
    expect(cpuModel('processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t: fpu\n')).toBe('AMD EPYC 7B13');
  });

  it('names the commit, marked dirty when the tree has changes', () => {
    expect(gitCommit(repoDir)).toMatch(/^[0-9a-f]{7,}( \(dirty\))?$/);
  });

  it('describes the machine in one line', () => {
    const info = runInfo(repoDir, new Date('2026-01-15T10:00:00.123Z'));
    expect(info.date).toBe('2026-01-15T10:00:00Z');
    expect(describeMachine(info)).toMatch(/cores, [\d.]+ GiB RAM, Node v\d+/);
  });
});
