import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickJourney, runVirtualUsers, type Journey } from './virtual-users.js';

describe('virtual users', () => {
  let server: http.Server;
  let url: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      if (request.url === '/broken') {
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { code: 'SERVICE_UNAVAILABLE' } }));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ path: request.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('pick journeys by weight', () => {
    const journeys = [
      { name: 'browse', weight: 3 },
      { name: 'buy', weight: 1 },
    ] as Journey[];
    expect(pickJourney(journeys, 0)).toBe(journeys[0]);
    expect(pickJourney(journeys, 0.74)).toBe(journeys[0]);
    expect(pickJourney(journeys, 0.76)).toBe(journeys[1]);
    expect(pickJourney(journeys, 0.999)).toBe(journeys[1]);
  });

  it('walk the journeys, thinking between requests, and report the hold window by step', async () => {
    const run = await runVirtualUsers({
      url,
      users: 10,
      rampSeconds: 0.1,
      holdSeconds: 1,
      thinkMs: [5, 15],
      seed: 3,
      journeys: [
        {
          name: 'reader',
          weight: 4,
          async run(context) {
            const answer = await context.request('read', { method: 'GET', path: `/read?vu=${context.vu}` });
            expect(answer).toMatchObject({ status: 200, body: { path: `/read?vu=${context.vu}` } });
            await context.think();
            await context.request('again', { method: 'POST', path: '/again', body: { vu: context.vu } });
          },
        },
        {
          name: 'unlucky',
          weight: 1,
          async run(context) {
            const answer = await context.request('broken', { method: 'GET', path: '/broken' });
            expect(answer).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
          },
        },
      ],
    });

    expect(Object.keys(run.steps).sort()).toEqual(['again', 'broken', 'read']);
    expect(run.steps.read!.errors).toBe(0);
    expect(run.steps.broken!.errors).toBe(run.steps.broken!.requests);
    expect(run.failures['broken: 503 SERVICE_UNAVAILABLE']).toBeGreaterThanOrEqual(
      run.steps.broken!.requests,
    );
    expect(run.total.requests).toBe(
      run.steps.read!.requests + run.steps.again!.requests + run.steps.broken!.requests,
    );
    expect(run.total.errors).toBe(run.steps.broken!.errors);
    expect(run.requestsPerMinute).toBe(run.total.requests * 60);
    expect(run.journeys.reader).toBeGreaterThan(run.journeys.unlucky ?? 0);
    expect(run.total.p50Ms).toBeLessThanOrEqual(run.total.p99Ms);
    expect(seen).toContain('GET /read?vu=9');
  });

  it('refuse to load anything but the loopback address', async () => {
    await expect(
      runVirtualUsers({
        url: 'http://example.com',
        users: 1,
        rampSeconds: 0,
        holdSeconds: 1,
        thinkMs: [1, 1],
        journeys: [],
      }),
    ).rejects.toThrow(/only loads 127.0.0.1/);
  });
});
