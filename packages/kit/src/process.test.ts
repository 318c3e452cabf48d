import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '@bodega/config';
import { shutdownTimeoutMs } from './process.js';

const fixture = path.resolve(import.meta.dirname, '..', 'test', 'signal-process.ts');
/** Log text the process writes before it is ready: far more than any pipe holds. */
const fillBytes = 4 * 1_048_576;

type Child = ChildProcessByStdio<null, Readable, Readable>;
let child: Child | undefined;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** The fixture process, its stdout a pipe this test holds, ready once its signal handlers are in. */
async function start(env: Record<string, string>): Promise<Child> {
  const started = spawn(process.execPath, ['--conditions=bodega-source', '--import', 'tsx', fixture], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = started;
  // Paused: nothing reads stdout until the test says so, as with a reader that stopped reading.
  started.stdout.pause();
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    started.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('ready')) resolve();
    });
    started.once('exit', () => {
      reject(new Error(`exited before it was ready: ${stderr}`));
    });
  });
  return started;
}

interface Ending {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Log text still readable from the pipe once the process is gone (0 for a destroyed pipe). */
  logBytes: number;
}

/** How the process ends; its stdout is read from then on, as a reader that came back would. */
function ended(process: Child): Promise<Ending> {
  return new Promise((resolve) => {
    process.once('exit', (code, signal) => {
      // At once: child_process discards what a stream nobody reads holds right after 'exit'.
      void drained(process.stdout).then((logBytes) => {
        resolve({ code, signal, logBytes });
      });
    });
  });
}

async function drained(stdout: Readable): Promise<number> {
  if (stdout.destroyed) return 0;
  let bytes = 0;
  for await (const chunk of stdout) bytes += (chunk as Buffer).length;
  return bytes;
}

describe('stopping a process', () => {
  it('exits 0 after its shutdown when the stdout reader stopped reading, losing lines, not the exit', async () => {
    const stalled = await start({ FILL_LOG_BYTES: String(fillBytes) });
    const end = ended(stalled);
    stalled.kill('SIGTERM');
    const { logBytes, ...exit } = await end;
    expect(exit).toEqual({ code: 0, signal: null });
    // The pipe held only part of the log: the rest was given up rather than retried for ever.
    expect(logBytes).toBeGreaterThan(0);
    expect(logBytes).toBeLessThan(fillBytes);
  }, 60_000);

  it('exits 0 when the stdout reader is gone altogether', async () => {
    const orphan = await start({ FILL_LOG_BYTES: String(fillBytes) });
    orphan.stdout.destroy();
    const end = ended(orphan);
    orphan.kill('SIGTERM');
    expect(await end).toEqual({ code: 0, signal: null, logBytes: 0 });
  }, 60_000);

  it('exits 1 at SHUTDOWN_TIMEOUT_MS when its shutdown work never ends, stdout stalled as well', async () => {
    const stuck = await start({
      FILL_LOG_BYTES: String(fillBytes),
      HANG_SHUTDOWN: 'true',
      SHUTDOWN_TIMEOUT_MS: '500',
    });
    const end = ended(stuck);
    stuck.kill('SIGTERM');
    expect(await end).toMatchObject({ code: 1, signal: null });
  }, 60_000);

  it('stops cleanly when its terminal closes (SIGHUP), and at once on a second signal', async () => {
    const hungUp = await start({});
    const end = ended(hungUp);
    hungUp.kill('SIGHUP');
    const { logBytes, ...exit } = await end;
    expect(exit).toEqual({ code: 0, signal: null });
    // Its last lines were written at exit, the line saying it stopped among them.
    expect(logBytes).toBeGreaterThan(0);

    const impatient = await start({ HANG_SHUTDOWN: 'true', SHUTDOWN_TIMEOUT_MS: '600000' });
    const second = ended(impatient);
    impatient.kill('SIGTERM');
    // Twice the same signal: the second must reach the handler, not end the process by its default.
    await new Promise((resolve) => setTimeout(resolve, 200));
    impatient.kill('SIGTERM');
    expect(await second).toMatchObject({ code: 1, signal: null });
  }, 60_000);

  it('reads SHUTDOWN_TIMEOUT_MS as every service config does', () => {
    expect(shutdownTimeoutMs({})).toBe(10_000);
    expect(shutdownTimeoutMs({ SHUTDOWN_TIMEOUT_MS: '2500' })).toBe(2_500);
    expect(() => shutdownTimeoutMs({ SHUTDOWN_TIMEOUT_MS: 'soon' })).toThrow(ConfigError);
  });
});
