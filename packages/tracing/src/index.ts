/**
 * Tracing with OpenTelemetry, instrumented by hand at Bodega's own seams (HTTP in and out, queries,
 * Redis, events): one tracer provider per service, W3C trace context between services and through the
 * outbox, recent traces in memory for the operations page, OTLP export when a collector is configured.
 * See docs/adr/0012-tracing.md.
 */
export { createTracing, enableContextPropagation, type Tracing, type TracingOptions } from './tracing.js';
export {
  activeTraceparent,
  contextFromTraceparent,
  endSpan,
  formatTraceparent,
  parseTraceparent,
  startChildSpan,
  tracerOf,
  withTracer,
} from './propagation.js';
export {
  spanRecord,
  StoreSpanProcessor,
  TraceStore,
  type SpanRecord,
  type TraceDigest,
  type TraceStoreOptions,
} from './store.js';
export {
  SpanKind,
  SpanStatusCode,
  context,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
  type Tracer,
} from '@opentelemetry/api';
