import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessGroup } from './processes.js';
import { processTree } from './proc.js';

const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-processes-'));
const group = new ProcessGroup(logDir);
const env = { PATH: process.env.PATH ?? '' };
const node = (name: string, script: string) =>
  group.start(name, process.execPath, ['-e', script], { cwd: logDir, env });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterEach(async () => {
  await group.stopAll();
});

describe('ProcessGroup', () => {
  it('writes a process output to its log file', async () => {
    const started = node('echo', 'console.log("hello from the child")');
    expect(await started.exited).toEqual({ code: 0, signal: null });
    expect(started.logTail()).toBe('hello from the child');
    expect(started.isRunning()).toBe(false);
  });

  it('stops a process with SIGTERM', async () => {
    const started = node('idle', 'setInterval(() => {}, 1000)');
    expect(started.isRunning()).toBe(true);
    expect(await started.stop()).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('kills a process that ignores SIGTERM once the grace period is over', async () => {
    const started = node(
      'stubborn',
      'process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)',
    );
    while (started.logTail() !== 'ready') await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await started.stop(100)).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('stops what a process started, too', async () => {
    const started = node(
      'parent',
      'require("child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" }); setInterval(() => {}, 1000)',
    );
    let tree = processTree(started.pid);
    while (tree.length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      tree = processTree(started.pid);
    }
    await started.stop();
    const grandchild = tree[1]!;
    while (
      alive(grandchild) &&
      fs.readFileSync(`/proc/${grandchild}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') !== true
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it('stops every process still running, and numbers the logs of same-named processes', async () => {
    const first = node('twin', 'setInterval(() => {}, 1000)');
    const second = node('twin', 'setInterval(() => {}, 1000)');
    expect(path.basename(first.logFile)).toBe('twin.log');
    expect(path.basename(second.logFile)).toBe('twin-2.log');
    await group.stopAll();
    expect(first.isRunning() || second.isRunning()).toBe(false);
  });
});
