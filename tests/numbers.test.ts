/**
 * Numbers no column holds, sent through the gateway as a client would: each is a 400 in the standard
 * body from the service behind it, and no number of them opens the gateway's circuit to that service
 * (a 500 for each once let one client take search down for everyone).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outOfRangeNumbers, standardError } from '@bodega/testing';
import { client, platformModes, type Platform } from './support/platform.js';

const [mode, start] = platformModes()[0]!;
// More than the gateway's breaker needs in its window to open (volume threshold 10, half of them failing).
const ROUNDS = 6;

describe(`numbers nothing holds, through the gateway (${mode})`, () => {
  let platform: Platform;
  const call = client(() => platform.url);

  beforeAll(async () => {
    platform = await start();
  }, 120_000);
  afterAll(async () => {
    await platform.close();
  });

  it('answers each with 400 VALIDATION_ERROR and keeps every circuit closed', async () => {
    const product = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
    let sent = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const number of outOfRangeNumbers) {
        const answers = [
          await call('GET', `/api/v1/search?limit=${number}`),
          await call('GET', `/api/v1/products?min_price=${number}`),
          await call('GET', `/api/v1/products?limit=${number}`),
          await fetch(`${platform.url}/api/v1/pricing/quote`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: `{"items":[{"product_id":"${product}","quantity":${number}}]}`,
          }).then(async (response) => ({ status: response.status, body: await response.json() })),
        ];
        // Search prices are bigint: only past that is the filter itself wrong.
        if (BigInt(number) > BigInt(Number.MAX_SAFE_INTEGER))
          answers.push(await call('GET', `/api/v1/search?min_price=${number}`));
        for (const answer of answers) {
          expect(answer.status, JSON.stringify(answer.body)).toBe(400);
          expect(answer.body).toEqual(standardError('VALIDATION_ERROR'));
        }
        sent += answers.length;
      }
    }
    expect(sent).toBeGreaterThan(60);
    const status = await call('GET', '/api/v1/status');
    for (const service of status.body.services as { name: string; circuit?: string }[])
      if (service.circuit !== undefined) expect(service.circuit, service.name).toBe('closed');
    expect((await call('GET', '/api/v1/search?min_price=100')).status).toBe(200);
  });
});
