import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from './load.js';

let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      response.statusCode =
        request.url === '/missing' ? 404 : body && JSON.parse(body).ok !== true ? 400 : 200;
      response.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => {
  server.close();
});

describe('runLoad', () => {
  it('measures requests, throughput and latency of a route', async () => {
    const run = await runLoad({ url: `${base}/`, connections: 2, seconds: 1 });
    expect(run.connections).toBe(2);
    expect(run.requests).toBeGreaterThan(0);
    expect(run.rps).toBeGreaterThan(0);
    expect(run.p99Ms).toBeGreaterThanOrEqual(run.p50Ms);
    expect(run.errors).toBe(0);
    expect(run.non2xx).toBe(0);
  });

  it('counts non-2xx answers by status code', async () => {
    const run = await runLoad({ url: `${base}/missing`, connections: 1, seconds: 1 });
    expect(run.non2xx).toBe(run.requests);
    expect(Object.keys(run.statusCodes)).toEqual(['404']);
  });

  it('sends a JSON body', async () => {
    const run = await runLoad({
      url: `${base}/`,
      method: 'POST',
      json: { ok: true },
      connections: 1,
      seconds: 1,
    });
    expect(run.non2xx).toBe(0);
  });

  it('loads 127.0.0.1 only', async () => {
    await expect(runLoad({ url: 'http://example.com/', connections: 1, seconds: 1 })).rejects.toThrow(
      /only loads 127\.0\.0\.1/,
    );
  });
});
