import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import {
  context,
  contextFromTraceparent,
  formatTraceparent,
  SpanKind,
  SpanStatusCode,
  trace,
  withTracer,
  type Span,
  type Tracer,
} from '@bodega/tracing';
import type { TraceContext } from './trace.js';

const serverSpan = Symbol('bodega.serverSpan');

interface TracedRequest extends IncomingMessage {
  [serverSpan]?: Span;
}

/** The server span of a request, when it is traced. */
export function serverSpanOf(request: IncomingMessage): Span | undefined {
  return (request as TracedRequest)[serverSpan];
}

/** `request.trace` of a traced request: its own span's ids and the traceparent naming it. */
export function traceContextOf(span: Span): TraceContext {
  const ids = span.spanContext();
  return { trace_id: ids.traceId, span_id: ids.spanId, traceparent: formatTraceparent(ids) };
}

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A server span per request, continuing the caller's `traceparent`, active for everything the request
 * does: queries, calls, events written, log lines. Fastify has no hook that runs a whole request inside
 * a context, so the server's request listener is wrapped; routes name the span once matched
 * (`GET /api/v1/products/:id`). Requests whose path starts with one of `untraced` (health, metrics,
 * operations) make no span: they come every few seconds and would crowd real traces out of the store.
 */
export function installServerSpans(app: FastifyInstance, tracer: Tracer, untraced: readonly string[]): void {
  const server = app.server;
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  const dispatch = (request: IncomingMessage, response: ServerResponse) => {
    for (const listener of listeners) listener.call(server, request, response);
  };
  server.on('request', (request: TracedRequest, response: ServerResponse) => {
    const url = request.url ?? '/';
    if (untraced.some((prefix) => url.startsWith(prefix))) {
      dispatch(request, response);
      return;
    }
    const method = request.method ?? 'GET';
    const parent = withTracer(contextFromTraceparent(request.headers.traceparent), tracer);
    const span = tracer.startSpan(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': method, 'url.path': url.split('?', 1)[0] ?? url },
      },
      parent,
    );
    request[serverSpan] = span;
    response.once('close', () => {
      const status = response.statusCode;
      span.setAttribute('http.response.status_code', status);
      // A 4xx is the client's mistake, not a failure of this server (OpenTelemetry HTTP semconv).
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (!response.writableFinished) span.setAttribute('http.aborted', true);
      span.end();
    });
    context.with(trace.setSpan(parent, span), dispatch, undefined, request, response);
  });

  app.addHook('onRequest', (request, _reply, done) => {
    const span = serverSpanOf(request.raw);
    const route = request.routeOptions.url;
    if (span && route !== undefined) {
      span.updateName(`${request.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    done();
  });
  app.addHook('onError', (request, _reply, error, done) => {
    const code = (error as { code?: unknown }).code;
    serverSpanOf(request.raw)?.setAttribute('error.type', typeof code === 'string' ? code : error.name);
    done();
  });
}
