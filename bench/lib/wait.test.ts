import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { answersOk, getJson, waitUntil } from './wait.js';

describe('waitUntil', () => {
  it('returns once the check answers true, counting a throwing check as not yet', async () => {
    let calls = 0;
    await waitUntil(
      () => {
        calls++;
        if (calls === 1) return Promise.reject(new Error('ECONNREFUSED'));
        return Promise.resolve(calls >= 3);
      },
      { what: 'three calls', timeoutMs: 5000, intervalMs: 1 },
    );
    expect(calls).toBe(3);
  });

  it('gives up after its timeout and says on what, with the last error', async () => {
    await expect(
      waitUntil(() => Promise.reject(new Error('ECONNREFUSED')), {
        what: 'the never service',
        timeoutMs: 20,
        intervalMs: 5,
      }),
    ).rejects.toThrow(/the never service.*ECONNREFUSED/);
  });

  it('stops early when told why', async () => {
    await expect(
      waitUntil(() => Promise.resolve(false), {
        what: 'x',
        timeoutMs: 5000,
        abandon: () => 'the process exited',
      }),
    ).rejects.toThrow(/the process exited/);
  });
});

describe('getJson and answersOk', () => {
  it('read a local server', async () => {
    const server = http.createServer((request, response) => {
      response.statusCode = request.url === '/ok' ? 200 : 503;
      response.end(JSON.stringify({ path: request.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      expect(await getJson(`${base}/ok`)).toEqual({ status: 200, body: { path: '/ok' } });
      expect(await answersOk(`${base}/ok`)).toBe(true);
      expect(await answersOk(`${base}/down`)).toBe(false);
    } finally {
      server.close();
    }
  });
});
