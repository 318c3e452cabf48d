/**
 * HTTP/1.1 over a bare socket, byte for byte as written: what fetch refuses to send (dot segments it
 * would normalize away, CR or LF inside a header) is what an attacker sends.
 */
import net from 'node:net';

export interface RawAnswer {
  status: number;
  /** Header lines as received, lowercased names, in order. */
  headers: [string, string][];
  body: string;
  /** The whole answer as received. */
  raw: string;
}

/** Sends `head` (request line and headers, without the blank line) to the gateway at `url`. */
export function rawRequest(url: string, head: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      const [top = '', ...rest] = raw.split('\r\n\r\n');
      const [statusLine = '', ...lines] = top.split('\r\n');
      resolve({
        status: Number(statusLine.split(' ')[1] ?? 0),
        headers: lines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
        }),
        body: rest.join('\r\n\r\n'),
        raw,
      });
    });
    socket.write(`${head}\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`, 'latin1');
  });
}

/** `GET path` as written, with extra header lines. */
export function rawGet(url: string, path: string, headerLines: string[] = []): Promise<RawAnswer> {
  return rawRequest(url, [`GET ${path} HTTP/1.1`, ...headerLines].join('\r\n'));
}
