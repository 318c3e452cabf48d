import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { Context } from '@opentelemetry/api';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { StoreSpanProcessor, TraceStore, type TraceStoreOptions } from './store.js';

export interface TracingOptions {
  /** The service's name: the `service.name` resource attribute of its spans. */
  service: string;
  /** An OTLP/HTTP collector's base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); spans go to `<url>/v1/traces`. */
  otlpEndpoint?: string | undefined;
  /** Share of new traces recorded (a caller's sampling decision is followed). Default 1. */
  sampleRatio?: number;
  /** Bounds of the in-memory store of recent traces. */
  store?: TraceStoreOptions;
  /** More processors, e.g. an in-memory exporter in tests. */
  processors?: SpanProcessor[];
}

/** One service's tracing: its tracer, the recent traces it recorded, and its shutdown. */
export interface Tracing {
  readonly service: string;
  readonly tracer: Tracer;
  readonly store: TraceStore;
  /** Exports what is batched (OTLP) now. */
  forceFlush(): Promise<void>;
  /** Flushes and stops the exporters; the tracer then records nothing more. */
  shutdown(): Promise<void>;
}

/**
 * Makes async work carry the active span (AsyncLocalStorage). The context manager is the one global
 * OpenTelemetry needs; registering it again is a no-op. Tracer providers stay per service: several
 * services share a process in embedded mode, each with its own `service.name`.
 */
export function enableContextPropagation(): void {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}

/**
 * The tracer provider of one service: spans kept in a bounded in-memory store (the operations page)
 * and, with an OTLP endpoint, batched to the collector. Its tracer is passed to the service through
 * its context; no global tracer provider is registered.
 */
export function createTracing(options: TracingOptions): Tracing {
  enableContextPropagation();
  const store = new TraceStore(options.store);
  const processors: SpanProcessor[] = [
    new StoreSpanProcessor(store, options.service),
    ...(options.processors ?? []),
  ];
  if (options.otlpEndpoint) {
    const url = `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`;
    processors.push(new OtlpExport(url));
  }
  const ratio = options.sampleRatio ?? 1;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.service }),
    sampler: new ParentBasedSampler({
      root: ratio >= 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(ratio),
    }),
    // Attribute values are ours (routes, statements, ids): bounded so one odd value cannot bloat the store.
    spanLimits: { attributeValueLengthLimit: 512, attributeCountLimit: 32, eventCountLimit: 8 },
    spanProcessors: processors,
  });
  const tracer = provider.getTracer('@bodega/tracing');
  return {
    service: options.service,
    tracer,
    store,
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

/** Spans ended before the exporter has loaded, kept for it; beyond, the oldest are dropped. */
const EARLY_SPANS = 2048;

/**
 * Batches spans to an OTLP/HTTP collector. The exporter (and the protobuf and HTTP stack under it) is
 * imported only when an endpoint is configured, in the background: most runs export nothing, and
 * loading it cost every start about 60 ms. Spans that end before it is ready wait for it.
 */
class OtlpExport implements SpanProcessor {
  #batch: SpanProcessor | undefined;
  #early: ReadableSpan[] = [];
  readonly #ready: Promise<void>;

  constructor(url: string) {
    this.#ready = import('@opentelemetry/exporter-trace-otlp-http').then(({ OTLPTraceExporter }) => {
      const batch = new BatchSpanProcessor(new OTLPTraceExporter({ url }));
      for (const span of this.#early) batch.onEnd(span);
      this.#early = [];
      this.#batch = batch;
    });
    // A failed load surfaces in forceFlush and shutdown; never as an unhandled rejection.
    this.#ready.catch(() => undefined);
  }

  onStart(span: Span, parentContext: Context): void {
    this.#batch?.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    if (this.#batch) {
      this.#batch.onEnd(span);
      return;
    }
    if (this.#early.length >= EARLY_SPANS) this.#early.shift();
    this.#early.push(span);
  }

  async forceFlush(): Promise<void> {
    await this.#ready;
    await this.#batch?.forceFlush();
  }

  async shutdown(): Promise<void> {
    await this.#ready;
    await this.#batch?.shutdown();
  }
}
