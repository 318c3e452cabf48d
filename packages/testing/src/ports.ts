/**
 * Ports for test and bench servers that are started later, by another process or after a restart.
 *
 * Asking the OS for port 0 and releasing it is not enough: the OS hands the same number out again to
 * the next `listen(0)` and, on Linux, to any outgoing connection as its local port (both draw from
 * the ephemeral range), so the server that starts a moment later can meet EADDRINUSE. CI saw it in
 * the fault suite. The ports given here come from below the ephemeral range, where neither can land,
 * are checked free by binding them, and are never given twice by one process.
 */
import fs from 'node:fs';
import net from 'node:net';

const handedOut = new Set<number>();
const lowest = 20_000;

/** The first port of the range the OS draws ephemeral ports from (Linux's default elsewhere). */
export function ephemeralLow(rangeFile = '/proc/sys/net/ipv4/ip_local_port_range'): number {
  try {
    const low = Number(fs.readFileSync(rangeFile, 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 1024 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => {
      resolve(false);
    });
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}

function osPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/**
 * A TCP port free on 127.0.0.1 now, outside the ephemeral range, not handed out before by this
 * process. `range` (inclusive) is for tests; by default, from 20000 to just below the ephemeral range.
 */
export async function freePort(range?: { low: number; high: number }): Promise<number> {
  const { low, high } = range ?? { low: lowest, high: ephemeralLow() - 1 };
  // A machine whose ephemeral range starts low leaves no room: the OS's pick is all there is.
  if (range === undefined && high - low < 1_000) return osPort();
  const candidates = Array.from({ length: high - low + 1 }, (_, index) => low + index).filter(
    (port) => !handedOut.has(port),
  );
  for (let tries = 0; tries < 200 && candidates.length > 0; tries++) {
    const [port] = candidates.splice(Math.floor(Math.random() * candidates.length), 1) as [number];
    handedOut.add(port);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port found between ${low} and ${high}`);
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function isListening(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => {
      done(false);
    });
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
  });
}
