import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** How a started process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A process the bench started: its own process group, its output in a log file. */
export interface Started {
  name: string;
  pid: number;
  logFile: string;
  /** Settles when the process has exited, however it ended. */
  exited: Promise<Exit>;
  isRunning(): boolean;
  /** The last lines of its output, for error messages. */
  logTail(lines?: number): string;
  /** SIGTERM to its group, SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<Exit>;
}

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * Every process a bench run starts, so that all of them are stopped at the end, even when a scenario
 * throws or the run is interrupted. Each child leads its own process group (`detached`), so stopping it
 * also stops anything it spawned. Output goes to a file, not through this process: a chatty service
 * must not cost the load generator CPU.
 */
export class ProcessGroup {
  private readonly running = new Set<Started>();
  private readonly names = new Map<string, number>();

  constructor(private readonly logDir: string) {
    fs.mkdirSync(logDir, { recursive: true });
  }

  /** Starts `command args` and tracks it until it exits. */
  start(name: string, command: string, args: string[], options: StartOptions): Started {
    const count = (this.names.get(name) ?? 0) + 1;
    this.names.set(name, count);
    const logFile = path.join(this.logDir, count === 1 ? `${name}.log` : `${name}-${count}.log`);
    const fd = fs.openSync(logFile, 'w');
    let child: ChildProcess;
    try {
      child = spawn(command, args, {
        cwd: options.cwd,
        env: options.env,
        stdio: ['ignore', fd, fd],
        detached: true,
      });
    } finally {
      fs.closeSync(fd);
    }
    const pid = child.pid;
    if (pid === undefined) throw new Error(`could not start ${name}: ${command} ${args.join(' ')}`);

    let exit: Exit | undefined;
    const exited = new Promise<Exit>((resolve) => {
      child.once('exit', (code, signal) => {
        exit = { code, signal };
        this.running.delete(started);
        resolve(exit);
      });
    });
    const started: Started = {
      name,
      pid,
      logFile,
      exited,
      isRunning: () => exit === undefined,
      logTail: (lines = 30) => tail(logFile, lines),
      stop: async (graceMs = 15_000) => {
        if (exit) return exit;
        signalGroup(pid, 'SIGTERM');
        const timer = setTimeout(() => {
          signalGroup(pid, 'SIGKILL');
        }, graceMs);
        const result = await exited;
        clearTimeout(timer);
        // The leader is gone; make sure nothing it started outlives it.
        signalGroup(pid, 'SIGKILL');
        return result;
      },
    };
    this.running.add(started);
    return started;
  }

  /** Stops every process still running, in reverse start order. */
  async stopAll(): Promise<void> {
    for (const started of [...this.running].reverse()) await started.stop();
  }

  /** Last resort when this process is exiting: SIGKILL every group at once, synchronously. */
  killAllNow(): void {
    for (const started of this.running) signalGroup(started.pid, 'SIGKILL');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** The last `lines` lines of a file, or '' when it cannot be read. */
export function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
