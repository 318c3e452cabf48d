import net from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { freePort } from './ports.js';

/** What the proxy does to traffic right now. */
export type FaultState = 'passing' | 'down';

export interface FaultProxyOptions {
  /** Where traffic goes: the real server (PostgreSQL, RabbitMQ, a service). */
  target: { host: string; port: number };
  /**
   * The port to listen on (127.0.0.1), kept across `cut`/`restore`. Default: one from `freePort`,
   * below the ephemeral range, so no outgoing connection can take it while the proxy is cut.
   */
  port?: number;
  /** How delayed chunks wait; tests of the proxy itself pass a manual one. Default `setTimeout`. */
  schedule?: (run: () => void, delayMs: number) => void;
}

/**
 * A TCP fault proxy in the manner of Toxiproxy, run in the test's own process: services are pointed at
 * it instead of their backend, and a fault suite breaks the link between them without touching the
 * machine's real servers, which other test files share.
 */
export interface FaultProxy {
  /** The port it listens on, the same for its whole life: give `127.0.0.1:<port>` to services. */
  readonly port: number;
  readonly state: FaultState;
  /** Connections currently carried. */
  readonly connections: number;
  /**
   * The outage: resets every open connection (the client reads ECONNRESET, as when a server process
   * dies) and stops listening, so new connections are refused (ECONNREFUSED) until `restore`.
   */
  cut(): Promise<void>;
  /** Adds `ms` of latency to every chunk, both ways, on open and new connections; 0 removes it. */
  delay(ms: number): void;
  /** Back to passing traffic through untouched: listens again on the same port, latency removed. */
  restore(): Promise<void>;
  /** Resets every connection and stops listening for good. */
  close(): Promise<void>;
}

/** Starts a fault proxy to `options.target`, passing traffic through. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const schedule = options.schedule ?? ((run, delayMs) => void setTimeout(run, delayMs));
  const sockets = new Set<net.Socket>();
  let latencyMs = 0;
  let state: FaultState = 'passing';
  let closed = false;

  // Each chunk waits the latency in force when it arrived; chunks of one direction stay in order
  // because a Transform hands over the next chunk only after the previous one's callback.
  const delayed = () =>
    new Transform({
      transform(chunk: Buffer, _encoding, done: TransformCallback) {
        if (latencyMs === 0) done(null, chunk);
        else
          schedule(() => {
            done(null, chunk);
          }, latencyMs);
      },
    });

  const carry = (client: net.Socket) => {
    const upstream = net.connect(options.target);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      // One side went away: so does the other, the way a real peer's close reaches its client.
      for (const socket of [client, upstream]) {
        sockets.delete(socket);
        if (!socket.destroyed) socket.destroy();
      }
    };
    for (const socket of [client, upstream]) {
      socket.on('error', drop);
      socket.on('close', drop);
    }
    client.pipe(delayed()).pipe(upstream);
    upstream.pipe(delayed()).pipe(client);
  };

  const server = net.createServer(carry);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => {
        resolve();
      });
    });
  const resetAll = () => {
    for (const socket of sockets) {
      try {
        socket.resetAndDestroy();
      } catch {
        // Not connected yet (no handle to reset): a plain destroy ends it all the same.
        socket.destroy();
      }
    }
    sockets.clear();
  };

  const port = await listen(options.port ?? (await freePort()));

  return {
    port,
    get state() {
      return state;
    },
    get connections() {
      return sockets.size;
    },
    async cut() {
      state = 'down';
      const stopped = stopListening();
      resetAll();
      await stopped;
    },
    delay(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`a delay is a duration in ms, not ${ms}`);
      latencyMs = ms;
    },
    async restore() {
      if (closed) throw new Error('the fault proxy is closed');
      latencyMs = 0;
      if (state === 'down') {
        // The same port, so every client configured with it finds the backend again.
        await listen(port);
        state = 'passing';
      }
    },
    async close() {
      closed = true;
      const stopped = stopListening();
      resetAll();
      await stopped;
    },
  };
}
