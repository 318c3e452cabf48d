import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@bodega/logging';
import { randomUUID } from 'node:crypto';
import type { AnyEnvelope } from '@bodega/contracts';
import { createService } from './service.js';
import { serviceConfig } from './config.js';
import { startService, type RunningService, type ServiceContext } from './runtime.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().trim().split('\n'))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { stream, lines };
}

const caller = { trace: '4bf92f3577b34da6a3ce929d0e0e4736', span: '00f067aa0ba902b7' };
const viewed = (traceParent?: string) =>
  ({
    id: '0190a6f4-8b2d-7c4e-a1f0-5d6e7f8a9b0c',
    type: 'catalog.product.viewed',
    version: 1,
    occurred_at: '2026-01-15T10:00:00.000Z',
    source: 'catalog',
    ...(traceParent ? { trace_parent: traceParent } : {}),
    data: {
      views: [
        {
          product_id: '0190a6f4-8b2d-7c4e-a1f0-5d6e7f8a9b0d',
          category: 'lamps',
          customer_id: null,
          session_id: null,
          viewed_at: '2026-01-15T10:00:00.000Z',
        },
      ],
    },
  }) as AnyEnvelope;

/** A small service on the real runtime: one route that logs, one consumer that logs. */
async function start(env: Record<string, string> = {}) {
  const out = capture();
  let context: ServiceContext | undefined;
  const handled: string[] = [];
  const running = await startService(
    {
      name: 'demo',
      configSchema: serviceConfig(0, {}),
      async build(ctx) {
        context = ctx;
        const app = createService({ name: ctx.name, logger: ctx.logger, metrics: ctx.metrics });
        app.get('/work/:id', async (request) => {
          // The root logger, deep in a use case: its lines still name the request's trace.
          await new Promise((resolve) => setImmediate(resolve));
          ctx.logger.info('doing the work');
          return { trace: request.trace };
        });
        await ctx.bus.subscribe({
          consumer: 'demo',
          types: ['catalog.product.viewed'],
          handler: async (envelope) => {
            ctx.logger.info({ event_id: envelope.id }, 'handling the event');
            handled.push(envelope.id);
          },
        });
        return app;
      },
    },
    {
      env: {
        PORT: '0',
        LOG_LEVEL: 'info',
        BODEGA_DATA_DIR: `/tmp/bodega-kit-tracing-${randomUUID()}`,
        ...env,
      },
      logger: createLogger({ service: 'demo', destination: out.stream }),
    },
  );
  return { running, lines: out.lines, context: context!, handled };
}

async function until(check: () => boolean) {
  for (let attempt = 0; attempt < 200 && !check(); attempt++)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('tracing in the service kit', () => {
  let running: RunningService | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it("continues the caller's trace in a server span named by its route, on every log line of the request", async () => {
    const service = await start();
    running = service.running;
    const answer = await fetch(`${service.running.url}/work/42`, {
      headers: { traceparent: `00-${caller.trace}-${caller.span}-01`, 'x-request-id': 'req-1' },
    });
    const { trace } = (await answer.json()) as {
      trace: { trace_id: string; span_id: string; traceparent: string };
    };
    expect(trace.trace_id).toBe(caller.trace);
    expect(trace.traceparent).toBe(`00-${caller.trace}-${trace.span_id}-01`);

    await until(() => service.lines.some((line) => line.msg === 'request completed'));
    const ofRequest = service.lines.filter(
      (line) => line.msg === 'doing the work' || line.msg === 'request completed',
    );
    expect(ofRequest).toHaveLength(2);
    for (const line of ofRequest)
      expect(line).toMatchObject({ trace_id: caller.trace, span_id: trace.span_id });
    expect(ofRequest.find((line) => line.msg === 'request completed')).toMatchObject({ request_id: 'req-1' });
    // Once each: the ids come from the active span, not also from the request's child logger.
    const raw = JSON.stringify(ofRequest[0]);
    expect(raw.split('"trace_id"').length).toBe(2);

    const spans = service.context.tracing!.store.spans(caller.trace)!;
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({
      span_id: trace.span_id,
      parent_span_id: caller.span,
      service: 'demo',
      kind: 'server',
      name: 'GET /work/:id',
      status: 'ok',
      attributes: { 'http.route': '/work/:id', 'http.response.status_code': 200 },
    });
  });

  it('runs a handler in a consumer span under the trace the event carries, and its log lines say so', async () => {
    const service = await start();
    running = service.running;
    await service.context.bus.publish(viewed(`00-${caller.trace}-${caller.span}-01`));
    await until(() => service.handled.length === 1);
    const spans = service.context.tracing!.store.spans(caller.trace) ?? [];
    const publish = spans.find((span) => span.kind === 'producer')!;
    const consume = spans.find((span) => span.kind === 'consumer')!;
    expect(publish).toMatchObject({ name: 'publish catalog.product.viewed', parent_span_id: caller.span });
    expect(consume).toMatchObject({
      name: 'process catalog.product.viewed',
      parent_span_id: publish.span_id,
    });
    expect(service.lines.find((line) => line.msg === 'handling the event')).toMatchObject({
      trace_id: caller.trace,
      span_id: consume.span_id,
    });
  });

  it('leaves events without a trace and health probes out of the store', async () => {
    const service = await start();
    running = service.running;
    await service.context.bus.publish(viewed());
    await until(() => service.handled.length === 1);
    await fetch(`${service.running.url}/healthz`);
    expect(service.context.tracing!.store.spanCount).toBe(0);
  });

  it('with tracing off records nothing, yet log lines still carry a trace id from the traceparent', async () => {
    const service = await start({ TRACING_ENABLED: 'false', METRICS_ENABLED: 'false' });
    running = service.running;
    expect(service.context.tracing).toBeUndefined();
    await fetch(`${service.running.url}/work/1`, {
      headers: { traceparent: `00-${caller.trace}-${caller.span}-01` },
    });
    await until(() => service.lines.some((line) => line.msg === 'request completed'));
    expect(service.lines.find((line) => line.msg === 'request completed')).toMatchObject({
      trace_id: caller.trace,
    });
    const metrics = await (await fetch(`${service.running.url}/metrics`)).text();
    expect(metrics).not.toContain('http_requests_total{');
    expect(metrics).not.toContain('nodejs_eventloop_lag_seconds');
  });
});
