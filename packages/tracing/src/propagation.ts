import {
  ROOT_CONTEXT,
  SpanStatusCode,
  context,
  createContextKey,
  isSpanContextValid,
  trace,
  type Context,
  type Span,
  type SpanContext,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';

// https://www.w3.org/TR/trace-context/#traceparent-header: version 00, lowercase hex.
const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The span context a `traceparent` header carries, or undefined when it is absent or invalid. */
export function parseTraceparent(header: string | string[] | undefined): SpanContext | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const [, traceId, spanId, flags] = traceparentPattern.exec(value) ?? [];
  if (traceId === undefined || spanId === undefined || flags === undefined) return undefined;
  const spanContext: SpanContext = {
    traceId,
    spanId,
    traceFlags: Number.parseInt(flags, 16),
    isRemote: true,
  };
  // All-zero ids are invalid (the spec says to ignore such a header).
  return isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** The `traceparent` header naming `spanContext` as the parent. */
export function formatTraceparent(spanContext: SpanContext): string {
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/** `base` (the root context by default) with the caller's span from `traceparent` as the parent. */
export function contextFromTraceparent(
  traceparent: string | string[] | undefined,
  base: Context = ROOT_CONTEXT,
): Context {
  const parent = parseTraceparent(traceparent);
  return parent ? trace.setSpanContext(base, parent) : base;
}

/** The `traceparent` of the span active now, if any: what to send downstream or store with an event. */
export function activeTraceparent(): string | undefined {
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const spanContext = span.spanContext();
  return isSpanContextValid(spanContext) ? formatTraceparent(spanContext) : undefined;
}

const tracerKey = createContextKey('bodega.tracer');

/**
 * `ctx` carrying the tracer of the service whose work runs in it. Shared code that does not know which
 * service it serves (an HTTP client built by a use case, in embedded mode several services per
 * process) finds the right tracer here; nothing is kept in a module global.
 */
export function withTracer(ctx: Context, tracer: Tracer): Context {
  return ctx.setValue(tracerKey, tracer);
}

/** The tracer of the service whose work runs in `ctx`, if it traces. */
export function tracerOf(ctx: Context): Tracer | undefined {
  return ctx.getValue(tracerKey) as Tracer | undefined;
}

/**
 * Starts a span under the span active now, with `tracer` or the one the active context carries.
 * Undefined when nothing is being traced (no active span, or an unsampled one): background work such
 * as a relay's polling makes no root traces of its own, and an unsampled request costs no spans.
 */
export function startChildSpan(
  tracer: Tracer | undefined,
  name: string,
  options: SpanOptions,
): { span: Span; context: Context } | undefined {
  const active = context.active();
  const parent = trace.getSpan(active);
  if (parent === undefined || !parent.isRecording()) return undefined;
  const chosen = tracer ?? tracerOf(active);
  if (chosen === undefined) return undefined;
  const span = chosen.startSpan(name, options, active);
  return { span, context: trace.setSpan(active, span) };
}

/** Ends `span`, marking it failed with the error's name (never its message: it may hold data). */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.name : 'Error',
    });
    if (error instanceof Error) span.setAttribute('error.type', errorType(error));
  }
  span.end();
}

function errorType(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.name;
}
