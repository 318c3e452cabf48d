/**
 * The operations API through the gateway: who may read it, what it refuses, the overview of every
 * service after traffic, and a dead letter shown and replayed. Embedded, and distributed when the
 * real backends are configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@bodega/testing';
import { admin, client, platformModes, type Json, type Platform } from './support/platform.js';

const services = ['gateway', 'identity', 'catalog', 'search', 'orders', 'payments', 'analytics'];

describe.each(platformModes())('the operations API in %s mode', (_mode, start) => {
  let platform: Platform;
  let adminToken: string;
  let managerToken: string;
  let customerToken: string;
  const call = client(() => platform.url);

  async function signUp(role?: 'manager'): Promise<string> {
    const email = `ops-${uniqueSuffix()}@example.com`;
    const password = 'long enough password';
    const user = await call('POST', '/api/v1/auth/register', { email, password });
    if (role) await call('PATCH', `/api/v1/users/${user.body.id}`, { role }, adminToken);
    return (await call('POST', '/api/v1/auth/login', { email, password })).body.access_token as string;
  }

  beforeAll(async () => {
    platform = await start();
    adminToken = (await call('POST', '/api/v1/auth/login', admin)).body.access_token as string;
    managerToken = await signUp('manager');
    customerToken = await signUp();
  }, 120_000);
  afterAll(async () => {
    await platform.close();
  });

  it('lets managers and admins read the overview and traces, and only admins the dead letters', async () => {
    const reads = ['/api/v1/ops/overview', '/api/v1/ops/traces'];
    const adminOnly = ['/api/v1/ops/dead-letters?service=search'];
    for (const path of [...reads, ...adminOnly]) {
      const anonymous = await call('GET', path);
      expect(anonymous.status, path).toBe(401);
      expect(anonymous.body.error.code).toBe('AUTHENTICATION_REQUIRED');
      expect((await call('GET', path, undefined, customerToken)).status, path).toBe(403);
      expect((await call('GET', path, undefined, adminToken)).status, path).toBe(200);
    }
    for (const path of reads)
      expect((await call('GET', path, undefined, managerToken)).status, path).toBe(200);
    for (const path of adminOnly)
      expect((await call('GET', path, undefined, managerToken)).status, path).toBe(403);
    const replay = await call('POST', '/api/v1/ops/dead-letters/replay', { service: 'search' }, managerToken);
    expect(replay.status).toBe(403);
    expect((await call('POST', '/api/v1/ops/dead-letters/replay', { service: 'search' })).status).toBe(401);
  });

  it('refuses bad input with a 400 and an unknown trace with a 404', async () => {
    for (const path of [
      '/api/v1/ops/dead-letters',
      '/api/v1/ops/dead-letters?service=catalog',
      '/api/v1/ops/dead-letters?service=search&limit=0',
      '/api/v1/ops/dead-letters?service=search&limit=5000',
      '/api/v1/ops/traces?limit=abc',
      '/api/v1/ops/traces?service=nobody',
      '/api/v1/ops/traces?min_duration_ms=-1',
      '/api/v1/ops/traces?color=red',
      '/api/v1/ops/traces/not-a-trace-id',
    ]) {
      const answer = await call('GET', path, undefined, adminToken);
      expect(answer.status, path).toBe(400);
      expect(answer.body.error.code, path).toBe('VALIDATION_ERROR');
    }
    for (const body of [
      {},
      { service: 'catalog' },
      { service: 'search', ids: [] },
      { service: 'search', extra: 1 },
    ]) {
      const answer = await call('POST', '/api/v1/ops/dead-letters/replay', body, adminToken);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    const unknown = await call('GET', `/api/v1/ops/traces/${'ab'.repeat(16)}`, undefined, adminToken);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('TRACE_NOT_FOUND');
  });

  it('gives every service its status, traffic, latency and outbox from its own metrics after traffic', async () => {
    for (let i = 0; i < 5; i++) await call('GET', '/api/v1/products?limit=2');
    const overview = await call('GET', '/api/v1/ops/overview', undefined, managerToken);
    expect(overview.status).toBe(200);
    expect(Date.parse(overview.body.generated_at as string)).not.toBeNaN();
    const byName = new Map((overview.body.services as Json[]).map((service) => [service.name, service]));
    expect([...byName.keys()].sort()).toEqual([...services].sort());
    for (const [name, summary] of byName) {
      expect(summary.status, name).toBe('ok');
      expect(summary.error_rate, name).toBe(0);
      expect(summary.outbox_backlog, name).toBeGreaterThanOrEqual(0);
      expect(summary.dead_letters, name).toBeGreaterThanOrEqual(0);
    }
    for (const name of ['gateway', 'catalog', 'identity']) {
      expect(byName.get(name)!.request_rate_per_s, name).toBeGreaterThan(0);
      expect(byName.get(name)!.p95_ms, name).toBeGreaterThan(0);
    }
  });

  it('shows an event a consumer refused and sends it back on replay', async () => {
    const id = `0190a6f4-8b2d-7c4e-a1f0-${uniqueSuffix()
      .replace(/[^0-9a-f]/g, '')
      .padEnd(12, '0')
      .slice(0, 12)}`;
    // A placed order without its data: it breaks its contract, so each consumer dead-letters it.
    await platform.publish({
      id,
      type: 'orders.order.placed',
      version: 1,
      occurred_at: new Date().toISOString(),
      source: 'orders',
      data: { broken: true },
    });

    let letters: Json[] = [];
    for (let attempt = 0; attempt < 100 && letters.length === 0; attempt++) {
      const answer = await call(
        'GET',
        '/api/v1/ops/dead-letters?service=search&limit=1000',
        undefined,
        adminToken,
      );
      expect(answer.status).toBe(200);
      letters = (answer.body.items as Json[]).filter((letter) => letter.id === id);
      if (letters.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ id, type: 'orders.order.placed', attempts: 0, consumer: 'search' });
    expect(letters[0]!.error).toMatch(/^contract:/);

    const overview = await call('GET', '/api/v1/ops/overview', undefined, adminToken);
    const search = (overview.body.services as Json[]).find((service) => service.name === 'search')!;
    expect(search.dead_letters).toBeGreaterThanOrEqual(1);

    const replayed = await call(
      'POST',
      '/api/v1/ops/dead-letters/replay',
      { service: 'search', ids: [id] },
      adminToken,
    );
    expect(replayed.status).toBe(200);
    expect(replayed.body).toEqual({ replayed: 1 });
    // Still broken, so it comes back: replay sent it through the consumer again.
    let again: Json[] = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      const answer = await call(
        'GET',
        '/api/v1/ops/dead-letters?service=search&limit=1000',
        undefined,
        adminToken,
      );
      again = (answer.body.items as Json[]).filter((letter) => letter.id === id);
      if (again.length === 1 && again[0]!.failed_at !== letters[0]!.failed_at) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(again).toHaveLength(1);
    expect(again[0]!.failed_at).not.toBe(letters[0]!.failed_at);
    const none = await call(
      'POST',
      '/api/v1/ops/dead-letters/replay',
      { service: 'orders', ids: [id] },
      adminToken,
    );
    expect(none.body).toEqual({ replayed: 0 });
  });
});
