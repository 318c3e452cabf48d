/**
 * One checkout is one trace: gateway, orders, catalog, payments and the consumers of
 * `orders.order.placed`, with their queries, read back through the operations API from every
 * service's in-memory store. Embedded, and distributed when the real backends are configured.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@bodega/testing';
import { admin, client, platformModes, type Json, type Platform } from './support/platform.js';

const traceId = () => randomUUID().replaceAll('-', '');

describe.each(platformModes())('tracing on the platform in %s mode', (_mode, start) => {
  let platform: Platform;
  let staff: string;
  const call = client(() => platform.url);

  beforeAll(async () => {
    platform = await start();
    staff = (await call('POST', '/api/v1/auth/login', admin)).body.access_token as string;
  }, 120_000);
  afterAll(async () => {
    await platform.close();
  });

  /** The trace as the operations API merges it, once `done` says every expected span has arrived. */
  async function traceWhen(id: string, done: (spans: Json[]) => boolean): Promise<Json[]> {
    for (let attempt = 0; ; attempt++) {
      const answer = await call('GET', `/api/v1/ops/traces/${id}`, undefined, staff);
      const spans = answer.status === 200 ? (answer.body.spans as Json[]) : [];
      if (done(spans) || attempt === 100) return spans;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('follows a checkout from the gateway through orders, catalog, payments and the consumers of orders.order.placed', async () => {
    const tag = uniqueSuffix().replace(/[^a-z0-9]/g, '');
    const category = await call(
      'POST',
      '/api/v1/categories',
      { slug: `traced-${tag}`, name: 'Traced', description: 'Things followed' },
      staff,
    );
    expect(category.status).toBe(201);
    const product = await call(
      'POST',
      '/api/v1/products',
      {
        slug: `lamp-${tag}`,
        name: `Lamp ${tag}`,
        description: 'Brass',
        category: `traced-${tag}`,
        sku: `LAMP-${tag}`,
        price: { amount: 4_000, currency: 'USD' },
        stock_qty: 3,
      },
      staff,
    );
    expect(product.status).toBe(201);

    const id = traceId();
    const placed = await call(
      'POST',
      '/api/v1/orders',
      {
        items: [{ product_id: product.body.id, quantity: 1 }],
        payment: { card_number: '4242 4242 4242 4242' },
      },
      staff,
      { 'idempotency-key': randomUUID(), traceparent: `00-${id}-00f067aa0ba902b7-01` },
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);

    const consumed = (spans: Json[], consumer: string) =>
      spans.some(
        (span) =>
          span.kind === 'consumer' &&
          span.service === consumer &&
          span.name === 'process orders.order.placed' &&
          span.status === 'ok',
      );
    const spans = await traceWhen(id, (all) => consumed(all, 'search') && consumed(all, 'analytics'));
    const services = new Set(spans.map((span) => span.service));
    for (const service of ['gateway', 'orders', 'catalog', 'payments', 'search', 'analytics'])
      expect(services, `spans of ${service}`).toContain(service);

    // One tree: every span's parent is in the trace, but the gateway's, whose parent is the caller's.
    const ids = new Set(spans.map((span) => span.span_id));
    const roots = spans.filter((span) => !ids.has(span.parent_span_id));
    expect(roots.map((span) => [span.service, span.kind, span.parent_span_id])).toEqual([
      ['gateway', 'server', '00f067aa0ba902b7'],
    ]);
    const byId = new Map(spans.map((span) => [span.span_id, span]));
    const parentOf = (span: Json) => byId.get(span.parent_span_id as string);

    expect(roots[0]!.name).toBe('POST /api/v1/orders');
    const ordersServer = spans.find((span) => span.service === 'orders' && span.kind === 'server')!;
    expect(ordersServer).toMatchObject({ name: 'POST /api/v1/orders', status: 'ok' });
    expect(ordersServer.attributes).toMatchObject({
      'http.route': '/api/v1/orders',
      'http.response.status_code': 201,
    });
    expect(parentOf(ordersServer)).toMatchObject({ service: 'gateway', kind: 'client' });

    // Orders calls catalog and payments: client spans whose children are their server spans.
    for (const callee of ['catalog', 'payments']) {
      const served = spans.filter((span) => span.service === callee && span.kind === 'server');
      expect(served.length, `${callee} requests`).toBeGreaterThan(0);
      for (const span of served) expect(parentOf(span)).toMatchObject({ service: 'orders', kind: 'client' });
    }

    // Queries are spans of their service, with statement text but never parameter values.
    const queries = spans.filter((span) => span.attributes['db.system.name'] === 'postgresql');
    expect(new Set(queries.map((span) => span.service))).toEqual(
      new Set(['orders', 'catalog', 'payments', 'search', 'analytics']),
    );
    const insertOrder = queries.find((span) => span.name === 'INSERT orders' && span.service === 'orders');
    expect(insertOrder?.attributes['db.query.text']).toMatch(/^insert into "orders"\."orders"/);
    // Only the attributes: span ids are random hex, and one may well contain "4242".
    expect(JSON.stringify(queries.map((span) => span.attributes))).not.toContain('4242');

    // The event: written with the request's context, published by the relay, consumed under the publish.
    const publish = spans.find(
      (span) => span.kind === 'producer' && span.name === 'publish orders.order.placed',
    )!;
    expect(publish.service).toBe('orders');
    expect(parentOf(publish)).toMatchObject({ service: 'orders', kind: 'server' });
    for (const consumer of ['search', 'analytics']) {
      const handled = spans.find(
        (span) =>
          span.kind === 'consumer' &&
          span.service === consumer &&
          span.name === 'process orders.order.placed',
      )!;
      expect(handled.parent_span_id).toBe(publish.span_id);
      expect(spans.some((span) => span.parent_span_id === handled.span_id && span.service === consumer)).toBe(
        true,
      );
    }

    // The list finds it, and filters by service and duration.
    const list = await call('GET', '/api/v1/ops/traces?service=payments&limit=200', undefined, staff);
    expect(list.status).toBe(200);
    const summary = (list.body.items as Json[]).find((item) => item.trace_id === id);
    expect(summary).toMatchObject({
      root: { service: 'gateway', name: 'POST /api/v1/orders' },
      error: false,
      span_count: spans.length,
    });
    expect(summary!.services).toEqual(
      expect.arrayContaining(['gateway', 'orders', 'catalog', 'payments', 'search', 'analytics']),
    );
    const slow = await call(
      'GET',
      `/api/v1/ops/traces?min_duration_ms=${Number(summary!.duration_ms) + 1}&limit=200`,
      undefined,
      staff,
    );
    expect((slow.body.items as Json[]).map((item) => item.trace_id)).not.toContain(id);
  });

  it('starts a trace of its own for a request without a valid traceparent, and marks server errors', async () => {
    const missing = await call('GET', `/api/v1/products/${randomUUID()}`, undefined, undefined, {
      traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
    });
    expect(missing.status).toBe(404);
    const list = await call('GET', '/api/v1/ops/traces?service=catalog&limit=200', undefined, staff);
    const mine = (list.body.items as Json[]).find((item) => item.root.name === 'GET /api/v1/products/*');
    expect(mine).toBeDefined();
    expect(mine!.trace_id).not.toBe('00000000000000000000000000000000');
    // A 404 is the client's mistake: the trace is not an error.
    expect(mine!.error).toBe(false);
  });
});
