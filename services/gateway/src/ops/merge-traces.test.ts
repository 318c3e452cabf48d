import { describe, expect, it } from 'vitest';
import type { TraceDigest } from '@bodega/contracts';
import { mergeDigests, mergeSpans } from './merge-traces.js';

const id = (n: number) => String(n).padStart(32, '0');
const digest = (
  trace: number,
  service: string,
  parent: string | null,
  start: number,
  end: number,
): TraceDigest => ({
  trace_id: id(trace),
  root: { service, name: `${service} root`, parent_span_id: parent },
  start_ms: start,
  end_ms: end,
  span_count: 2,
  services: [service],
  error: service === 'payments',
});

describe('merging what each service knows of a trace', () => {
  it('takes the true root, the whole time span, all services and any error', () => {
    const [trace] = mergeDigests(
      [
        digest(1, 'orders', 'aa', 10, 90),
        digest(1, 'gateway', null, 0, 100),
        digest(1, 'payments', 'bb', 20, 30),
      ],
      { limit: 10 },
    );
    expect(trace).toEqual({
      trace_id: id(1),
      root: { service: 'gateway', name: 'gateway root' },
      started_at: new Date(0).toISOString(),
      duration_ms: 100,
      span_count: 6,
      services: ['gateway', 'orders', 'payments'],
      error: true,
    });
  });

  it('without a true root, takes the earliest; filters by service and duration; newest first, limited', () => {
    const digests = [
      digest(1, 'search', 'aa', 5, 10),
      digest(1, 'analytics', 'bb', 3, 10),
      digest(2, 'catalog', null, 1_000, 1_500),
      digest(3, 'catalog', null, 2_000, 2_001),
    ];
    expect(mergeDigests(digests, { limit: 10 })[2]!.root.service).toBe('analytics');
    expect(mergeDigests(digests, { limit: 10 }).map((trace) => trace.trace_id)).toEqual([
      id(3),
      id(2),
      id(1),
    ]);
    expect(mergeDigests(digests, { limit: 1 }).map((trace) => trace.trace_id)).toEqual([id(3)]);
    expect(mergeDigests(digests, { limit: 10, service: 'search' }).map((trace) => trace.trace_id)).toEqual([
      id(1),
    ]);
    expect(mergeDigests(digests, { limit: 10, minDurationMs: 100 }).map((trace) => trace.trace_id)).toEqual([
      id(2),
    ]);
  });

  it('orders spans from every service by start time', () => {
    const at = (iso: string) => ({
      span_id: 'a'.repeat(16),
      parent_span_id: null,
      service: 's',
      name: iso,
      kind: 'server' as const,
      started_at: iso,
      duration_ms: 1,
      status: 'ok' as const,
      attributes: {},
    });
    expect(
      mergeSpans([[at('2026-01-01T00:00:02.000Z')], [at('2026-01-01T00:00:01.000Z')]]).map((s) => s.name),
    ).toEqual(['2026-01-01T00:00:01.000Z', '2026-01-01T00:00:02.000Z']);
  });
});
