import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** Where and on what a run happened, for the report. */
export interface RunInfo {
  cpu: string;
  cores: number;
  ramGib: number;
  node: string;
  commit: string;
  date: string;
}

export function runInfo(repoDir: string, now = new Date()): RunInfo {
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    ramGib: os.totalmem() / 1024 ** 3,
    node: process.version,
    commit: gitCommit(repoDir),
    date: now.toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

/** The CPU model from /proc/cpuinfo (os.cpus() can be vaguer in VMs). */
export function cpuModel(cpuinfo = readOr('/proc/cpuinfo', '')): string {
  const match = /^model name\s*:\s*(.+)$/m.exec(cpuinfo);
  return match?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
}

/** `git rev-parse --short HEAD`, plus " (dirty)" when the working tree has changes. */
export function gitCommit(repoDir: string): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repoDir, encoding: 'utf8' }).trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain') === '' ? commit : `${commit} (dirty)`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export function describeMachine(info: RunInfo): string {
  return `${info.cpu}, ${info.cores} cores, ${info.ramGib.toFixed(1)} GiB RAM, Node ${info.node}`;
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}
