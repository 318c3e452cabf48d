import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** One finished span as the operations page shows it. */
export interface SpanRecord {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  service: string;
  name: string;
  kind: 'server' | 'client' | 'producer' | 'consumer' | 'internal';
  /** Epoch milliseconds (fractional). */
  start_ms: number;
  duration_ms: number;
  status: 'ok' | 'error';
  attributes: Attributes;
}

/**
 * What one store knows of a trace: enough for the gateway to merge the digests of every service into
 * one summary (the root is the span whose parent no store holds).
 */
export interface TraceDigest {
  trace_id: string;
  /** This store's earliest span without a parent here; `parent_span_id` null means the trace's own root. */
  root: { service: string; name: string; parent_span_id: string | null };
  start_ms: number;
  end_ms: number;
  span_count: number;
  services: string[];
  error: boolean;
}

export interface TraceStoreOptions {
  /** Traces kept; the oldest is dropped beyond it. Default 500. */
  maxTraces?: number;
  /** Spans kept over all traces; the oldest traces are dropped beyond it. Default 20,000. */
  maxSpans?: number;
}

const kinds: Record<SpanKind, SpanRecord['kind']> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

/**
 * Recent traces in memory, for the admin operations page: a bounded ring by trace (a Map keeps
 * insertion order, so the first key is the oldest trace). Memory stays bounded whatever the traffic:
 * at the defaults, 20,000 spans of a few hundred bytes each.
 */
export class TraceStore {
  readonly #traces = new Map<string, [SpanRecord, ...SpanRecord[]]>();
  readonly #maxTraces: number;
  readonly #maxSpans: number;
  #spanCount = 0;

  constructor(options: TraceStoreOptions = {}) {
    this.#maxTraces = options.maxTraces ?? 500;
    this.#maxSpans = options.maxSpans ?? 20_000;
  }

  /** Spans held now. */
  get spanCount(): number {
    return this.#spanCount;
  }

  /** Traces held now. */
  get traceCount(): number {
    return this.#traces.size;
  }

  add(span: SpanRecord): void {
    const spans = this.#traces.get(span.trace_id);
    if (spans) spans.push(span);
    else this.#traces.set(span.trace_id, [span]);
    this.#spanCount += 1;
    while (this.#traces.size > this.#maxTraces || this.#spanCount > this.#maxSpans) {
      const oldest = this.#traces.keys().next();
      if (oldest.done === true) break;
      this.#spanCount -= this.#traces.get(oldest.value)?.length ?? 0;
      this.#traces.delete(oldest.value);
    }
  }

  /** The spans of one trace, in the order they ended, or undefined when this store holds none. */
  spans(traceId: string): readonly SpanRecord[] | undefined {
    return this.#traces.get(traceId);
  }

  /** A digest of every trace held, newest first. */
  digests(): TraceDigest[] {
    const result: TraceDigest[] = [];
    for (const [traceId, spans] of this.#traces) result.push(digest(traceId, spans));
    return result.reverse();
  }
}

function digest(traceId: string, spans: readonly [SpanRecord, ...SpanRecord[]]): TraceDigest {
  const ids = new Set(spans.map((span) => span.span_id));
  let root: SpanRecord | undefined;
  let start = Infinity;
  let end = -Infinity;
  let error = false;
  const services = new Set<string>();
  for (const span of spans) {
    start = Math.min(start, span.start_ms);
    end = Math.max(end, span.start_ms + span.duration_ms);
    error ||= span.status === 'error';
    services.add(span.service);
    const topmost = span.parent_span_id === null || !ids.has(span.parent_span_id);
    if (!topmost) continue;
    // A true root wins over a span whose parent lives in another service's store.
    const better =
      root === undefined ||
      (span.parent_span_id === null && root.parent_span_id !== null) ||
      ((span.parent_span_id === null) === (root.parent_span_id === null) && span.start_ms < root.start_ms);
    if (better) root = span;
  }
  const top = root ?? spans[0];
  return {
    trace_id: traceId,
    root: { service: top.service, name: top.name, parent_span_id: top.parent_span_id },
    start_ms: start,
    end_ms: end,
    span_count: spans.length,
    services: [...services].sort(),
    error,
  };
}

function milliseconds([seconds, nanos]: [number, number]): number {
  return seconds * 1000 + nanos / 1e6;
}

/** Converts a finished SDK span to what the store keeps. */
export function spanRecord(span: ReadableSpan, service: string): SpanRecord {
  const context = span.spanContext();
  return {
    trace_id: context.traceId,
    span_id: context.spanId,
    parent_span_id: span.parentSpanContext?.spanId ?? null,
    service,
    name: span.name,
    kind: kinds[span.kind],
    start_ms: milliseconds(span.startTime),
    duration_ms: milliseconds(span.duration),
    status: span.status.code === SpanStatusCode.ERROR ? 'error' : 'ok',
    attributes: span.attributes,
  };
}

/** Feeds every finished, sampled span to a store, synchronously (it is a few property reads). */
export class StoreSpanProcessor implements SpanProcessor {
  constructor(
    private readonly store: TraceStore,
    private readonly service: string,
  ) {}

  onStart(): void {
    // Nothing to do until the span ends.
  }

  onEnd(span: ReadableSpan): void {
    this.store.add(spanRecord(span, this.service));
  }

  async forceFlush(): Promise<void> {
    // Synchronous: nothing is pending.
  }

  async shutdown(): Promise<void> {
    // Nothing to release.
  }
}
