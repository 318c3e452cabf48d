import net from 'node:net';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';

/** A server that answers every chunk with `echo:<chunk>`, like a backend would answer a query. */
async function echoServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk) => socket.write(`echo:${chunk.toString()}`));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A client of the proxy that collects what it reads and how the connection ended. */
async function connect(port: number) {
  const socket = net.connect({ host: '127.0.0.1', port });
  const received: string[] = [];
  let failure: NodeJS.ErrnoException | undefined;
  socket.on('data', (chunk) => received.push(chunk.toString()));
  const ended = new Promise<void>((resolve) => {
    socket.on('error', (error) => {
      failure = error;
    });
    socket.on('close', () => {
      resolve();
    });
  });
  await once(socket, 'connect');
  return {
    socket,
    received,
    ended,
    failure: () => failure,
    /** Sends `text` and waits for its echo. */
    ask: async (text: string) => {
      const before = received.join('');
      socket.write(text);
      while (received.join('').length < before.length + `echo:${text}`.length) await once(socket, 'data');
      return received.join('').slice(before.length);
    },
  };
}

/** The error a fresh connection to `port` fails with, or undefined when it connects. */
function connectError(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code);
    });
  });
}

describe('the fault proxy', () => {
  let backend: Awaited<ReturnType<typeof echoServer>>;
  let proxy: FaultProxy;
  beforeEach(async () => {
    backend = await echoServer();
    proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: backend.port } });
  });
  afterEach(async () => {
    await proxy.close();
    await backend.close();
  });

  it('passes traffic through both ways, untouched', async () => {
    const client = await connect(proxy.port);
    expect(proxy.state).toBe('passing');
    expect(await client.ask('select 1')).toBe('echo:select 1');
    expect(proxy.connections).toBe(2);
    client.socket.destroy();
  });

  it('on cut, resets open connections and refuses new ones, as a dead server does', async () => {
    const client = await connect(proxy.port);
    expect(await client.ask('before')).toBe('echo:before');

    await proxy.cut();
    await client.ended;
    expect(proxy.state).toBe('down');
    expect(client.failure()?.code).toBe('ECONNRESET');
    expect(proxy.connections).toBe(0);
    expect(await connectError(proxy.port)).toBe('ECONNREFUSED');
  });

  it('after restore, serves again on the same port', async () => {
    const port = proxy.port;
    await proxy.cut();
    await proxy.restore();
    expect(proxy.state).toBe('passing');
    expect(proxy.port).toBe(port);
    const client = await connect(port);
    expect(await client.ask('after')).toBe('echo:after');
    client.socket.destroy();
  });

  it('restoring a proxy that is passing changes nothing', async () => {
    await proxy.restore();
    const client = await connect(proxy.port);
    expect(await client.ask('still here')).toBe('echo:still here');
    client.socket.destroy();
  });

  it('a closed proxy refuses connections and cannot be restored', async () => {
    await proxy.close();
    expect(await connectError(proxy.port)).toBe('ECONNREFUSED');
    await expect(proxy.restore()).rejects.toThrow(/closed/);
  });

  it('a connection whose backend is gone is closed for its client too', async () => {
    const client = await connect(proxy.port);
    expect(await client.ask('hello')).toBe('echo:hello');
    await backend.close();
    await client.ended;
    expect(proxy.connections).toBe(0);
  });

  it('refuses a delay that is not a duration', () => {
    expect(() => {
      proxy.delay(-1);
    }).toThrow(RangeError);
    expect(() => {
      proxy.delay(Number.NaN);
    }).toThrow(RangeError);
  });
});

describe('the fault proxy with latency', () => {
  it('holds each chunk for the delay in force, in order, and passes straight through once restored', async () => {
    const backend = await echoServer();
    // A manual clock: chunks wait here until the test lets them go.
    const waiting: { run: () => void; delayMs: number }[] = [];
    const proxy = await startFaultProxy({
      target: { host: '127.0.0.1', port: backend.port },
      schedule: (run, delayMs) => waiting.push({ run, delayMs }),
    });
    try {
      const client = await connect(proxy.port);
      proxy.delay(250);
      client.socket.write('slow');
      while (waiting.length === 0) await new Promise((resolve) => setImmediate(resolve));
      expect(waiting.map((entry) => entry.delayMs)).toEqual([250]);
      expect(client.received).toEqual([]);

      // The request goes on to the backend, whose answer waits in turn.
      waiting.shift()!.run();
      while (waiting.length === 0) await new Promise((resolve) => setImmediate(resolve));
      expect(client.received).toEqual([]);
      waiting.shift()!.run();
      await once(client.socket, 'data');
      expect(client.received.join('')).toBe('echo:slow');

      await proxy.restore();
      expect(await client.ask('fast')).toBe('echo:fast');
      expect(waiting).toEqual([]);
      client.socket.destroy();
    } finally {
      await proxy.close();
      await backend.close();
    }
  });
});

describe('startFaultProxy', () => {
  it('fails when its port is taken', async () => {
    const taken = net.createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as net.AddressInfo;
    try {
      await expect(startFaultProxy({ target: { host: '127.0.0.1', port: 1 }, port })).rejects.toThrow(
        /EADDRINUSE/,
      );
    } finally {
      taken.close();
    }
  });
});
