import { randomFillSync } from 'node:crypto';

// Ids come from a pooled random buffer: one getrandom call per 4 KiB instead of one or two per request.
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

/** W3C trace context (https://www.w3.org/TR/trace-context/#traceparent-header). */
export interface TraceContext {
  trace_id: string;
  span_id: string;
  /** The traceparent to send downstream and to store with outgoing events. */
  traceparent: string;
}

const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * Continues the caller's trace when its `traceparent` is valid, starts a new one otherwise. Each hop
 * gets a span id of its own; full OpenTelemetry spans build on the same header.
 */
export function continueTrace(header: string | string[] | undefined): TraceContext {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? traceparentPattern.exec(value) : null;
  const traceId = match?.[1] && !/^0+$/.test(match[1]) ? match[1] : randomHex(16);
  const flags = match?.[3] ?? '01';
  const spanId = randomHex(8);
  return { trace_id: traceId, span_id: spanId, traceparent: `00-${traceId}-${spanId}-${flags}` };
}
