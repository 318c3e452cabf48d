import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quantile, runSequential } from './sequential.js';

let server: http.Server;
let base = '';
let connections = 0;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    response.statusCode = request.url === '/missing' ? 404 : 200;
    response.end('{}');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => {
  server.close();
});

describe('quantile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('runSequential', () => {
  it('times requests one at a time over one kept-alive connection', async () => {
    connections = 0;
    const run = await runSequential({ url: `${base}/`, seconds: 0.3 });
    expect(run.requests).toBeGreaterThan(1);
    expect(connections).toBe(1);
    expect(run.p99Ms).toBeGreaterThanOrEqual(run.p50Ms);
    expect(run.non2xx + run.errors).toBe(0);
  });

  it('counts non-2xx answers apart from the latencies', async () => {
    const run = await runSequential({ url: `${base}/missing`, seconds: 0.2 });
    expect(run.non2xx).toBe(run.requests);
    expect(run.statusCodes).toEqual({ '404': run.requests });
  });
});
