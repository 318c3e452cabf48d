/**
 * `bodega probe`: the synthetic shopper journey passes against a healthy platform, places a paid order
 * when asked to, and reports failures (and the steps they made impossible) against one that is not.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { uniqueSuffix } from '@bodega/testing';
import { formatProbeReport, probe } from '../apps/cli/src/probe.js';
import { admin, client, platformModes, type Platform } from './support/platform.js';

const [mode, start] = platformModes()[0]!;

describe(`bodega probe against the platform (${mode})`, () => {
  let platform: Platform;
  const call = client(() => platform.url);

  beforeAll(async () => {
    platform = await start();
    const staff = (await call('POST', '/api/v1/auth/login', admin)).body.access_token as string;
    const tag = uniqueSuffix().replace(/[^a-z0-9]/g, '');
    const category = `probe-${tag}`;
    await call('POST', '/api/v1/categories', { slug: category, name: 'Probe' }, staff);
    const created = await call(
      'POST',
      '/api/v1/products',
      {
        name: `Probe lantern ${tag}`,
        slug: `probe-lantern-${tag}`,
        description: 'A lantern the probe buys',
        category,
        sku: `PROBE-${tag}`,
        price: { amount: 1_500, currency: 'USD' },
        stock_qty: 50,
      },
      staff,
    );
    expect(created.status).toBe(201);
    // Search is fed by events: the journey starts once the product is findable.
    await vi.waitFor(
      async () => {
        expect((await call('GET', `/api/v1/search?q=${tag}`)).body.items).toHaveLength(1);
      },
      { timeout: 20_000, interval: 100 },
    );
  }, 120_000);
  afterAll(async () => {
    await platform.close();
  });

  it('walks browse, product, search, sign-in, account, cart and quote, and leaves the cart empty', async () => {
    const report = await probe({ baseUrl: platform.url });

    expect(report.steps.map((step) => [step.name, step.outcome])).toEqual([
      ['status', 'ok'],
      ['browse', 'ok'],
      ['product', 'ok'],
      ['search', 'ok'],
      ['sign in', 'ok'],
      ['account', 'ok'],
      ['add to cart', 'ok'],
      ['quote', 'ok'],
      ['empty cart', 'ok'],
      ['sign out', 'ok'],
    ]);
    expect(report.ok).toBe(true);
    expect(formatProbeReport(report, platform.url)).toMatch(/: ok in \d+ ms\nok +status/);
  });

  it('checks out with the approving test card when asked to, with a dedicated account', async () => {
    const email = `probe-${uniqueSuffix()}@example.com`;
    await call('POST', '/api/v1/auth/register', { email, password: 'probe password 1234', name: 'Probe' });

    const report = await probe({
      baseUrl: platform.url,
      email,
      password: 'probe password 1234',
      checkout: true,
    });

    const checkout = report.steps.find((step) => step.name === 'checkout');
    expect(checkout).toMatchObject({ outcome: 'ok' });
    const token = (await call('POST', '/api/v1/auth/login', { email, password: 'probe password 1234' })).body
      .access_token as string;
    const orders = await call('GET', '/api/v1/orders', undefined, token);
    expect(orders.body.items).toEqual([expect.objectContaining({ id: checkout!.detail, status: 'paid' })]);
  });

  it('fails with the wrong password, and skips what a session was needed for', async () => {
    const report = await probe({ baseUrl: platform.url, email: 'nobody@example.com', password: 'wrong' });

    expect(report.ok).toBe(false);
    expect(report.steps.find((step) => step.name === 'sign in')).toMatchObject({
      outcome: 'failed',
      detail: expect.stringMatching(/^401 /),
    });
    expect(report.steps.find((step) => step.name === 'account')).toMatchObject({ outcome: 'skipped' });
    expect(report.steps.find((step) => step.name === 'quote')).toMatchObject({ outcome: 'ok' });
  });

  it('reports an unreachable gateway as failed steps, not as a crash', async () => {
    const report = await probe({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2_000 });

    expect(report.ok).toBe(false);
    expect(report.steps.slice(0, 2).map((step) => step.outcome)).toEqual(['failed', 'failed']);
    expect(report.steps.find((step) => step.name === 'product')).toMatchObject({
      outcome: 'skipped',
      detail: 'needs a product',
    });
    expect(formatProbeReport(report, 'http://127.0.0.1:9')).toContain('FAILED');
  });
});
