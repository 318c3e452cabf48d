import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  activeTraceparent,
  contextFromTraceparent,
  endSpan,
  formatTraceparent,
  parseTraceparent,
  startChildSpan,
  tracerOf,
  withTracer,
} from './propagation.js';
import { TraceStore, type SpanRecord } from './store.js';
import { createTracing } from './tracing.js';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('traceparent', () => {
  it('reads a valid header and writes it back', () => {
    const header = `00-${traceId}-00f067aa0ba902b7-01`;
    const parsed = parseTraceparent(header)!;
    expect(parsed).toMatchObject({ traceId, spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true });
    expect(formatTraceparent(parsed)).toBe(header);
    expect(parseTraceparent([header, 'other'])).toMatchObject({ traceId });
  });

  it('ignores a missing, malformed or all-zero header', () => {
    for (const header of [
      undefined,
      'garbage',
      `01-${traceId}-00f067aa0ba902b7-01`,
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-${traceId}-${'0'.repeat(16)}-01`,
      `00-${traceId.toUpperCase()}-00f067aa0ba902b7-01`,
    ])
      expect(parseTraceparent(header), String(header)).toBeUndefined();
    expect(trace.getSpan(contextFromTraceparent('garbage'))).toBeUndefined();
  });
});

describe('a service tracer', () => {
  it('records spans under the caller, in the store and to extra processors, named by its service', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = createTracing({ service: 'demo', processors: [new SimpleSpanProcessor(exporter)] });
    const parent = withTracer(contextFromTraceparent(`00-${traceId}-00f067aa0ba902b7-01`), tracing.tracer);
    const server = tracing.tracer.startSpan('GET /things', { kind: SpanKind.SERVER }, parent);
    await context.with(trace.setSpan(parent, server), async () => {
      expect(tracerOf(context.active())).toBe(tracing.tracer);
      expect(activeTraceparent()).toBe(`00-${traceId}-${server.spanContext().spanId}-01`);
      const child = startChildSpan(undefined, 'SELECT things', { kind: SpanKind.CLIENT })!;
      await new Promise((resolve) => setImmediate(resolve));
      endSpan(child.span, Object.assign(new Error('boom'), { code: 'DB_DOWN' }));
    });
    endSpan(server);

    const spans = tracing.store.spans(traceId)!;
    expect(spans.map((span) => [span.name, span.kind, span.status])).toEqual([
      ['SELECT things', 'client', 'error'],
      ['GET /things', 'server', 'ok'],
    ]);
    expect(spans[0]).toMatchObject({ parent_span_id: spans[1]!.span_id, service: 'demo' });
    expect(spans[0]!.attributes['error.type']).toBe('DB_DOWN');
    expect(spans[1]!.parent_span_id).toBe('00f067aa0ba902b7');
    expect(exporter.getFinishedSpans()[0]!.resource.attributes['service.name']).toBe('demo');
    await tracing.shutdown();
  });

  it('starts no child span outside traced work, nor with a tracer nowhere to be found', () => {
    const tracing = createTracing({ service: 'demo', sampleRatio: 0 });
    expect(startChildSpan(tracing.tracer, 'SELECT 1', {})).toBeUndefined();
    expect(activeTraceparent()).toBeUndefined();
    // Unsampled: a span exists but records nothing, so no child is made.
    const unsampled = tracing.tracer.startSpan('root');
    context.with(trace.setSpan(context.active(), unsampled), () => {
      expect(startChildSpan(tracing.tracer, 'SELECT 1', {})).toBeUndefined();
    });
    const sampled = createTracing({ service: 'other' });
    const root = sampled.tracer.startSpan('root');
    context.with(trace.setSpan(context.active(), root), () => {
      expect(startChildSpan(undefined, 'SELECT 1', {})).toBeUndefined();
    });
  });

  it('exports over OTLP/HTTP to <endpoint>/v1/traces when an endpoint is configured', async () => {
    const received: string[] = [];
    const collector = http.createServer((request, response) => {
      received.push(`${request.method} ${request.url}`);
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as AddressInfo;
    const tracing = createTracing({ service: 'demo', otlpEndpoint: `http://127.0.0.1:${port}/` });
    const parent = withTracer(contextFromTraceparent(`00-${traceId}-00f067aa0ba902b7-01`), tracing.tracer);
    tracing.tracer.startSpan('GET /x', {}, parent).end();
    await tracing.forceFlush();
    await tracing.shutdown();
    collector.close();
    expect(received).toEqual(['POST /v1/traces']);
    expect(tracing.store.spanCount).toBe(1);
  });
});

const span = (trace: string, id: string, parent: string | null, service = 'demo', start = 0): SpanRecord => ({
  trace_id: trace,
  span_id: id,
  parent_span_id: parent,
  service,
  name: `span ${id}`,
  kind: 'server',
  start_ms: start,
  duration_ms: 10,
  status: id.startsWith('e') ? 'error' : 'ok',
  attributes: {},
});

describe('the trace store', () => {
  it('summarises each trace by its root, newest first', () => {
    const store = new TraceStore();
    store.add(span('t1', 'b', 'a', 'orders', 5));
    store.add(span('t1', 'a', 'x', 'gateway', 0));
    store.add(span('t1', 'e', 'a', 'catalog', 8));
    store.add(span('t2', 'r', null, 'search', 50));
    const [second, first] = store.digests();
    expect(second).toMatchObject({ trace_id: 't2', root: { service: 'search', parent_span_id: null } });
    expect(first).toMatchObject({
      trace_id: 't1',
      root: { service: 'gateway', name: 'span a', parent_span_id: 'x' },
      start_ms: 0,
      end_ms: 18,
      span_count: 3,
      services: ['catalog', 'gateway', 'orders'],
      error: true,
    });
  });

  it('drops the oldest traces beyond its bounds', () => {
    const store = new TraceStore({ maxTraces: 2, maxSpans: 3 });
    store.add(span('t1', 'a', null));
    store.add(span('t2', 'b', null));
    store.add(span('t3', 'c', null));
    expect(store.spans('t1')).toBeUndefined();
    expect(store.traceCount).toBe(2);
    store.add(span('t3', 'd', 'c'));
    store.add(span('t3', 'f', 'c'));
    expect(store.spans('t2')).toBeUndefined();
    expect(store.spanCount).toBe(3);
  });
});
