import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClosedLoop } from './closed-loop.js';

describe('runClosedLoop', () => {
  const seen: string[] = [];
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    // Refuses every third request with a standard error body; echoes who asked otherwise.
    let count = 0;
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push(`${request.method} ${request.url} ${String(request.headers['x-worker'])} ${body}`);
        count++;
        if (count % 3 === 0) {
          response.writeHead(409, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: { code: 'OUT_OF_STOCK' } }));
        } else {
          response.writeHead(201, { 'content-type': 'application/json' });
          response.end('{}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('sends each worker its own requests and counts answers, refusals by code and exact percentiles', async () => {
    const run = await runClosedLoop({
      url,
      workers: 3,
      seconds: 0.3,
      next: (worker, n) => ({
        method: 'POST',
        path: `/orders?n=${n}`,
        headers: { 'x-worker': String(worker) },
        body: { worker },
      }),
    });
    expect(run.requests).toBe(seen.length);
    expect(run.ok + (run.refusals['409 OUT_OF_STOCK'] ?? 0)).toBe(run.requests);
    expect(run.refusals['409 OUT_OF_STOCK']).toBe(Math.floor(run.requests / 3));
    expect(run.errors).toBe(0);
    expect(run.p50Ms).toBeLessThanOrEqual(run.p95Ms);
    expect(run.p95Ms).toBeLessThanOrEqual(run.p99Ms);
    for (const worker of [0, 1, 2]) expect(seen).toContain(`POST /orders?n=0 ${worker} {"worker":${worker}}`);
  });

  it('refuses to load anything but 127.0.0.1', async () => {
    await expect(
      runClosedLoop({
        url: 'http://example.com',
        workers: 1,
        seconds: 1,
        next: () => ({ method: 'GET', path: '/' }),
      }),
    ).rejects.toThrow(/127\.0\.0\.1/);
  });
});
