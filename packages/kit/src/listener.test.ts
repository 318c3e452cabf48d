import { request as httpRequest } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@bodega/config';
import { serviceConfig } from './config.js';
import { startService, type RunningService, type ServiceDefinition } from './runtime.js';
import { createService } from './service.js';

/** A service of the kit with one route that reads a body, as every real one is built and started. */
const echo: ServiceDefinition = {
  name: 'echo',
  configSchema: serviceConfig(0, {}),
  build: async (context) => {
    const app = createService({ name: context.name, logger: context.logger, metrics: context.metrics });
    app.post('/echo', async (request) => ({ received: request.body }));
    app.get('/hello', async () => ({ hello: 'world' }));
    return app;
  },
};

function start(env: Record<string, string>): Promise<RunningService> {
  return startService(echo, {
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      TRACING_ENABLED: 'false',
      BODEGA_DATA_DIR: path.join(os.tmpdir(), `bodega-listener-${process.pid}-${Date.now()}`),
      ...env,
    },
  });
}

/** A plain GET on a connection of its own (no pool), as a client that behaves would send it. */
function get(service: RunningService, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${service.url}${url}`, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => {
        resolve(response.statusCode ?? 0);
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

interface Cut {
  /** What the server wrote before it closed the connection. */
  answer: string;
  /** How many times the client had sent something more (a body byte, a header line). */
  sent: number;
}

/**
 * Opens a raw connection, writes `opening`, then `more` once per `everyMs` until the server closes
 * the connection or `boundMs` passes (then the connection was never cut: the test fails).
 */
function trickle(service: RunningService, opening: string, more: string, everyMs: number, boundMs: number) {
  return new Promise<Cut>((resolve, reject) => {
    const socket = net.connect(service.port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    const ticker = setInterval(() => {
      if (socket.writable) {
        socket.write(more);
        sent += 1;
      }
    }, everyMs);
    const bound = setTimeout(() => {
      clearInterval(ticker);
      socket.destroy();
      reject(new Error(`the server still held the connection after ${boundMs} ms (${sent} sends)`));
    }, boundMs);
    socket.on('connect', () => socket.write(opening));
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(ticker);
      clearTimeout(bound);
      resolve({ answer, sent });
    });
  });
}

/** The body of a raw HTTP answer, as JSON. */
const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

describe('every listener of the kit, on real sockets', () => {
  let service: RunningService;
  beforeAll(async () => {
    // Lowered for the test; Node's own check would run every 30 s, past the test's bound.
    service = await start({
      REQUEST_TIMEOUT_MS: '1500',
      HEADERS_TIMEOUT_MS: '1000',
      KEEP_ALIVE_TIMEOUT_MS: '300',
    });
  });
  afterAll(() => service.close());

  it('cuts a client that trickles its body one byte a second with a 408, while others are answered', async () => {
    const opening =
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n';
    const slow = trickle(service, opening, ' ', 1_000, 10_000);
    // An honest request meanwhile.
    expect(await get(service, '/hello')).toBe(200);
    const cut = await slow;
    expect(cut.answer).toMatch(/^HTTP\/1.1 408 /);
    expect(bodyOf(cut.answer).error.code).toBe('REQUEST_TIMEOUT');
    // Far fewer than the 100 bytes it announced.
    expect(cut.sent).toBeLessThan(10);
  });

  it('cuts a slowloris that never finishes its headers', async () => {
    const cut = await trickle(service, 'GET /hello HTTP/1.1\r\nHost: x\r\n', 'X-More: 1\r\n', 200, 10_000);
    expect(cut.answer).toMatch(/^HTTP\/1.1 408 /);
    expect(bodyOf(cut.answer).error).toMatchObject({
      code: 'REQUEST_TIMEOUT',
      request_id: expect.any(String),
    });
  });

  it('answers headers over the size limit with a 431 in the standard body, and closes', async () => {
    const huge = `GET /hello HTTP/1.1\r\nHost: x\r\nX-Huge: ${'a'.repeat(20_000)}\r\n\r\n`;
    const cut = await trickle(service, huge, '', 1_000, 10_000);
    expect(cut.answer).toMatch(/^HTTP\/1.1 431 /);
    expect(bodyOf(cut.answer).error.code).toBe('HEADERS_TOO_LARGE');
  });

  it('closes an idle keep-alive connection after KEEP_ALIVE_TIMEOUT_MS', async () => {
    // Asks once, then sends nothing more: the server, not the test's bound, ends the connection.
    const cut = await trickle(service, 'GET /hello HTTP/1.1\r\nHost: x\r\n\r\n', '', 100, 10_000);
    expect(cut.answer).toMatch(/^HTTP\/1.1 200 /);
  });
});

describe('the connection cap', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await start({ MAX_CONNECTIONS: '2' });
  });
  afterAll(() => service.close());

  it('closes connections beyond MAX_CONNECTIONS at once, and answers again once one is free', async () => {
    const open = async () => {
      const socket = net.connect(service.port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      // A request answered on it proves the server took it (and counts it).
      const answered = new Promise((resolve) => socket.once('data', resolve));
      socket.write('GET /hello HTTP/1.1\r\nHost: x\r\n\r\n');
      await answered;
      return socket;
    };
    const held = [await open(), await open()];
    const extra = await trickle(service, 'GET /hello HTTP/1.1\r\nHost: x\r\n\r\n', '', 1_000, 10_000);
    expect(extra.answer).toBe('');

    held[0]!.destroy();
    // The server counts the freed connection once it has seen it close: a bounded number of tries.
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt += 1) {
      status = await get(service, '/hello').catch(() => 0);
    }
    expect(status).toBe(200);
    held[1]!.destroy();
  });
});

describe('listener limits in the config', () => {
  it('refuses a headers timeout longer than the request timeout, naming both keys', async () => {
    const started = start({ REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '5000' });
    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(/HEADERS_TIMEOUT_MS: 5000 is longer than REQUEST_TIMEOUT_MS/);
  });

  it('refuses values out of bounds at boot', async () => {
    await expect(start({ REQUEST_TIMEOUT_MS: '0' })).rejects.toThrow(/REQUEST_TIMEOUT_MS/);
    await expect(start({ MAX_CONNECTIONS: '0' })).rejects.toThrow(/MAX_CONNECTIONS/);
    await expect(start({ KEEP_ALIVE_TIMEOUT_MS: 'forever' })).rejects.toThrow(/KEEP_ALIVE_TIMEOUT_MS/);
  });
});
