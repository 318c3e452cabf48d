import net from 'node:net';

/**
 * A TCP proxy in front of a real server, to cut connections (as a broker restart or a network
 * failure would) without touching the shared server itself.
 */
export interface TcpProxy {
  port: number;
  /** Destroys every open connection; new ones are still accepted. */
  cut(): void;
  /** Cuts and stops accepting: the server looks down. */
  down(): Promise<void>;
  /** Accepts connections again, on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const cut = () => {
    for (const socket of sockets) socket.destroy();
  };
  const down = () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
      cut();
    });
  return {
    port,
    cut,
    down,
    up: () => listen(port),
    close: async () => {
      if (server.listening) await down();
      cut();
    },
  };
}
