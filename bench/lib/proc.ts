import fs from 'node:fs';

/** Memory of one process from /proc/<pid>/status, in MiB. */
export interface Memory {
  /** VmRSS: resident now. */
  rssMib: number;
  /** VmHWM: the peak resident size since the process started. */
  peakMib: number;
}

/** Parses the VmRSS and VmHWM lines of a /proc/<pid>/status text (values in kB). */
export function parseStatus(text: string): Memory {
  const kib = (key: string) => {
    const match = new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    if (!match?.[1]) throw new Error(`no ${key} in /proc status`);
    return Number(match[1]);
  };
  return { rssMib: kib('VmRSS') / 1024, peakMib: kib('VmHWM') / 1024 };
}

export function readMemory(pid: number): Memory {
  return parseStatus(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
}

/**
 * CPU time (user + system) a process has used, in milliseconds, from /proc/<pid>/stat. The kernel counts
 * in clock ticks (100 per second on Linux), so this is exact to 10 ms: plenty over a 10 s load run.
 * With `reapedChildren`, the time of its children that ended and were waited for (cutime, cstime) is
 * added: a server's connection processes come and go (PostgreSQL's backends), and what one used
 * before it ended moves into its parent's count instead of vanishing from the sum.
 */
export function parseCpuMs(statText: string, ticksPerSecond = 100, reapedChildren = false): number {
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
  const rest = statText.slice(statText.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); utime, stime, cutime and cstime are fields 14 to 17.
  const ticks = rest.slice(11, reapedChildren ? 15 : 13).map(Number);
  if (ticks.length < (reapedChildren ? 4 : 2) || !ticks.every(Number.isFinite))
    throw new Error('unexpected /proc stat format');
  return (ticks.reduce((sum, each) => sum + each, 0) * 1000) / ticksPerSecond;
}

export function readCpuMs(pid: number): number {
  return parseCpuMs(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** The ids of the processes `pid` started (through every thread), from /proc. */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return children;
  }
  for (const task of tasks) {
    try {
      const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) children.push(...text.split(/\s+/).map(Number));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return children;
}

/** `pid` and all its descendants. */
export function processTree(pid: number): number[] {
  const all = [pid];
  for (let index = 0; index < all.length; index++) all.push(...childPids(all[index]!));
  return all;
}

/** The command name of a process (/proc/<pid>/comm), or '?' once it is gone. */
export function commandName(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/**
 * CPU time (ms) of every process whose command name is one of `names`, summed per name, from /proc,
 * with what their ended children used (a PostgreSQL backend that closed is counted in the postmaster).
 */
export function cpuMsByCommand(names: readonly string[]): Record<string, number> {
  const totals: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name in totals) totals[name]! += parseCpuMs(stat, 100, true);
    } catch {
      // The process ended meanwhile: what it used is lost to both readings alike.
    }
  }
  return totals;
}

/**
 * Where the CPU went while some work ran: each watched process by name (its pid), and the servers
 * behind them by command name (every PostgreSQL backend, RabbitMQ's Erlang VM, Redis). Call it before,
 * then call the function it returns after: CPU milliseconds per process over the interval.
 */
export function cpuSpent(
  watched: Record<string, number>,
  servers: Record<string, string> = { postgresql: 'postgres', rabbitmq: 'beam.smp', redis: 'redis-server' },
): () => Record<string, number> {
  const read = () => {
    const byCommand = cpuMsByCommand(Object.values(servers));
    const reading: Record<string, number> = {};
    for (const [name, pid] of Object.entries(watched)) reading[name] = readCpuMs(pid);
    for (const [name, command] of Object.entries(servers)) reading[name] = byCommand[command] ?? 0;
    return reading;
  };
  const before = read();
  return () => {
    const after = read();
    return Object.fromEntries(Object.entries(after).map(([name, ms]) => [name, ms - (before[name] ?? 0)]));
  };
}
