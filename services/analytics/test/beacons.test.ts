import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@bodega/db';
import { databaseBackends, realBackends, uniqueSuffix, type TestUser } from '@bodega/testing';
import { expectError, metricValue, sendBeacons } from './support/api.js';
import { startAnalytics, type AnalyticsUnderTest } from './support/analytics.js';

const LIMIT = 40;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const session = () => `s-${uniqueSuffix()}`;
const pageViews = (n: number) =>
  Array.from({ length: n }, () => ({ type: 'page_view', occurred_at: ago(1_000) }));

describe.each(databaseBackends())('beacons on $name', (backend) => {
  let analytics: AnalyticsUnderTest;
  let customer: TestUser;

  beforeAll(async () => {
    analytics = await startAnalytics(backend, { BEACON_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
    customer = await analytics.identity.user('customer');
  });
  afterAll(async () => {
    await analytics.close();
  });

  it('accepts a batch with 202, stores every event and records a signed-in caller', async () => {
    const id = session();
    const product = newId();
    const response = await sendBeacons(
      analytics.app,
      {
        session_id: id,
        events: [
          { type: 'page_view', occurred_at: ago(60_000), properties: { path: '/', referrer: null } },
          { type: 'product_view', occurred_at: ago(50_000), product_id: product },
          { type: 'add_to_cart', occurred_at: ago(40_000), product_id: product, properties: { quantity: 2 } },
          {
            type: 'search',
            occurred_at: ago(30_000),
            properties: { query: 'mug', results: 12, typo: false },
          },
        ],
      },
      { authorization: `Bearer ${customer.token}` },
    );
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toEqual({ accepted: 4 });
    const rows = await analytics.database.query<{ type: string; user_id: string; product_id: string | null }>(
      'select type, user_id, product_id from analytics.tracked_events where session_id = $1 order by occurred_at',
      [id],
    );
    expect(rows).toEqual([
      { type: 'page_view', user_id: customer.id, product_id: null },
      { type: 'product_view', user_id: customer.id, product_id: product },
      { type: 'add_to_cart', user_id: customer.id, product_id: product },
      { type: 'search', user_id: customer.id, product_id: null },
    ]);
    const [progress] = await analytics.database.query<{
      viewed: boolean;
      carted: boolean;
      checkout: boolean;
    }>(
      `select viewed_at is not null as viewed, carted_at is not null as carted, checkout_at is not null as checkout
       from analytics.sessions where session_id = $1`,
      [id],
    );
    expect(progress).toEqual({ viewed: true, carted: true, checkout: false });
    expect(
      await metricValue(analytics.app, 'analytics_events_ingested_total', { source: 'beacon' }),
    ).toBeGreaterThanOrEqual(4);
  });

  it('accepts anonymous beacons, and a clock up to 5 minutes ahead', async () => {
    const id = session();
    const ahead = new Date(Date.now() + 4 * 60_000).toISOString();
    const response = await sendBeacons(analytics.app, {
      session_id: id,
      events: [{ type: 'begin_checkout', occurred_at: ahead }],
    });
    expect(response.statusCode, response.body).toBe(202);
    const rows = await analytics.database.query(
      'select user_id from analytics.tracked_events where session_id = $1',
      [id],
    );
    expect(rows).toEqual([{ user_id: null }]);
  });

  it('refuses malformed batches with 400 and the standard body', async () => {
    const ok = { type: 'page_view', occurred_at: ago(1_000) };
    const malformed: unknown[] = [
      {},
      { session_id: session() },
      { session_id: session(), events: [] },
      { session_id: session(), events: pageViews(51) },
      { session_id: 'has spaces', events: [ok] },
      { session_id: 'x'.repeat(65), events: [ok] },
      { session_id: session(), events: [{ ...ok, type: 'purchase' }] },
      { session_id: session(), events: [{ ...ok, occurred_at: 'yesterday' }] },
      { session_id: session(), events: [{ ...ok, product_id: 'not-a-uuid' }] },
      { session_id: session(), events: [{ ...ok, extra: 1 }] },
      { session_id: session(), events: [ok], extra: 1 },
      { session_id: session(), events: [{ ...ok, properties: { nested: { deep: true } } }] },
      { session_id: session(), events: [{ ...ok, properties: { long: 'x'.repeat(201) } }] },
      { session_id: session(), events: [{ ...ok, properties: { 'Bad-Key': 1 } }] },
      {
        session_id: session(),
        events: [
          { ...ok, properties: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])) },
        ],
      },
      { session_id: session(), events: [ok, { type: 'product_view', occurred_at: ago(1_000) }] },
      [ok],
    ];
    for (const [index, body] of malformed.entries()) {
      const response = await sendBeacons(analytics.app, body);
      expect(response.statusCode, `body ${index}: ${response.body}`).toBe(400);
      expectError(response, 400, 'VALIDATION_ERROR');
    }
    const missing = expectError(
      await sendBeacons(analytics.app, {
        session_id: session(),
        events: [ok, { type: 'add_to_cart', occurred_at: ago(1) }],
      }),
      400,
      'VALIDATION_ERROR',
    );
    expect(missing.details).toEqual({
      location: 'body',
      issues: [{ field: 'events.1.product_id', message: 'is required' }],
    });
    expectError(await sendBeacons(analytics.app, '{"session_id":'), 400, 'MALFORMED_JSON');
    const raw = (contentType: string, payload: string) =>
      analytics.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: { 'content-type': contentType },
        payload,
      });
    expectError(await raw('text/plain', 'page_view'), 400, 'MALFORMED_JSON');
    expectError(await raw('application/xml', '<events/>'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('takes JSON sent as text/plain, as navigator.sendBeacon sends a string', async () => {
    const response = await analytics.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      payload: JSON.stringify({ session_id: session(), events: pageViews(2) }),
    });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toEqual({ accepted: 2 });
  });

  it('refuses a body over 64 KiB with 413 before reading it', async () => {
    const big = 'x'.repeat(200);
    const events = Array.from({ length: 20 }, () => ({
      type: 'page_view',
      occurred_at: ago(1_000),
      properties: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, big])),
    }));
    expectError(
      await sendBeacons(analytics.app, { session_id: session(), events }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('refuses events from the future (422 EVENT_IN_FUTURE) and from over a week ago (422)', async () => {
    const future = expectError(
      await sendBeacons(analytics.app, {
        session_id: session(),
        events: [
          { type: 'page_view', occurred_at: ago(1_000) },
          { type: 'page_view', occurred_at: new Date(Date.now() + 6 * 60_000).toISOString() },
        ],
      }),
      422,
      'EVENT_IN_FUTURE',
    );
    expect(future.details).toEqual({ events: [1], max_ahead_seconds: 300 });
    const old = expectError(
      await sendBeacons(analytics.app, {
        session_id: session(),
        events: [{ type: 'page_view', occurred_at: ago(8 * 86_400_000) }],
      }),
      422,
      'EVENT_TOO_OLD',
    );
    expect(old.details).toEqual({ events: [0], max_age_seconds: 604_800 });
    // Nothing of a refused batch is kept.
    const rows = await analytics.database.query(
      `select 1 from analytics.tracked_events where occurred_at < now() - interval '7 days' or occurred_at > now() + interval '5 minutes'`,
    );
    expect(rows).toEqual([]);
  });

  it('refuses a session flooding past its budget with 429 RATE_LIMITED, and no other session', async () => {
    const flooder = session();
    const answers: number[] = [];
    let limited: LightMyRequestResponse | undefined;
    // 10 events a batch against a budget of 40 a minute: the fifth batch at the latest (the sixth if a
    // minute boundary passes in between) is refused.
    for (let i = 0; i < 12 && !limited; i += 1) {
      const response = await sendBeacons(analytics.app, { session_id: flooder, events: pageViews(10) });
      answers.push(response.statusCode);
      if (response.statusCode === 429) limited = response;
    }
    expect(limited).toBeDefined();
    expect(answers.filter((status) => status === 202).length).toBeGreaterThanOrEqual(LIMIT / 10);
    const error = expectError(limited!, 429, 'RATE_LIMITED');
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(error.details.retry_after_seconds).toEqual(Number(limited!.headers['retry-after']));
    expect(
      (await sendBeacons(analytics.app, { session_id: session(), events: pageViews(10) })).statusCode,
    ).toBe(202);
    expect(
      await metricValue(analytics.app, 'analytics_beacon_batches_rejected_total', { reason: 'rate_limited' }),
    ).toBeGreaterThan(0);
  });

  it.runIf(backend.name === 'postgres' && realBackends().redis)(
    'holds a session to one budget across replicas (counted in Redis)',
    async () => {
      const replica = await analytics.replica();
      try {
        const flooder = session();
        const apps = [analytics.app, replica.app];
        const answers: number[] = [];
        for (let i = 0; i < 12 && !answers.includes(429); i += 1) {
          const response = await sendBeacons(apps[i % 2]!, { session_id: flooder, events: pageViews(10) });
          answers.push(response.statusCode);
        }
        // Alone, each replica would have taken 4 batches (8 in all) before refusing.
        expect(answers).toContain(429);
        expect(answers.filter((status) => status === 202).length).toBeLessThanOrEqual(2 * (LIMIT / 10));
        expect(answers.indexOf(429)).toBeLessThan(2 * (LIMIT / 10));
      } finally {
        await replica.close();
      }
    },
  );

  it('refuses a forged token with 401 even on this public route', async () => {
    expectError(
      await sendBeacons(
        analytics.app,
        { session_id: session(), events: pageViews(1) },
        { authorization: 'Bearer forged' },
      ),
      401,
      'INVALID_TOKEN',
    );
  });
});
