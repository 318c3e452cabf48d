import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOpenLoop } from './open-loop.js';

describe('the open-loop load', () => {
  let server: http.Server;
  let url: string;
  const held: http.ServerResponse[] = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      if (request.url === '/hang') held.push(response);
      else if (request.url === '/missing') response.writeHead(404).end();
      else response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const response of held) response.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends every scheduled request and counts the unanswered ones as slower than every answer', async () => {
    const paths = ['/', '/missing', '/hang', '/', '/'];
    const run = await runOpenLoop({
      url,
      rate: 100,
      seconds: 0.1,
      drainMs: 300,
      next: (n) => ({ path: paths[n % paths.length]! }),
    });
    expect(run.scheduled).toBe(10);
    expect(run.answered).toBe(8);
    expect(run.ok).toBe(6);
    expect(run.statusCodes).toEqual({ '404': 2 });
    expect(run.unanswered).toBe(2);
    expect(run.p99Ms).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isFinite(run.p50Ms)).toBe(true);
  });

  it('loads 127.0.0.1 only', async () => {
    await expect(
      runOpenLoop({ url: 'http://localhost:1', rate: 1, seconds: 1, next: () => ({ path: '/' }) }),
    ).rejects.toThrow(/only loads 127\.0\.0\.1/);
  });
});
