import type { TraceDigest, TraceSpan, TraceSummary } from '@bodega/contracts';

export interface TraceFilter {
  limit: number;
  service?: string | undefined;
  minDurationMs?: number | undefined;
}

/**
 * One summary per trace from the digests every service's store gave: the root is the span whose parent
 * no service holds (a true root first), times span the earliest start to the latest end.
 */
export function mergeDigests(digests: readonly TraceDigest[], filter: TraceFilter): TraceSummary[] {
  const merged = new Map<string, TraceDigest>();
  for (const digest of digests) {
    const seen = merged.get(digest.trace_id);
    if (!seen) {
      merged.set(digest.trace_id, { ...digest, services: [...digest.services] });
      continue;
    }
    const rootWins =
      (digest.root.parent_span_id === null && seen.root.parent_span_id !== null) ||
      ((digest.root.parent_span_id === null) === (seen.root.parent_span_id === null) &&
        digest.start_ms < seen.start_ms);
    merged.set(digest.trace_id, {
      trace_id: digest.trace_id,
      root: rootWins ? digest.root : seen.root,
      start_ms: Math.min(seen.start_ms, digest.start_ms),
      end_ms: Math.max(seen.end_ms, digest.end_ms),
      span_count: seen.span_count + digest.span_count,
      services: [...new Set([...seen.services, ...digest.services])].sort(),
      error: seen.error || digest.error,
    });
  }
  return [...merged.values()]
    .map((trace) => ({
      trace_id: trace.trace_id,
      root: { service: trace.root.service, name: trace.root.name },
      started_at: new Date(trace.start_ms).toISOString(),
      duration_ms: Math.round((trace.end_ms - trace.start_ms) * 1000) / 1000,
      span_count: trace.span_count,
      services: trace.services,
      error: trace.error,
    }))
    .filter((trace) => filter.service === undefined || trace.services.includes(filter.service))
    .filter((trace) => filter.minDurationMs === undefined || trace.duration_ms >= filter.minDurationMs)
    .sort((a, b) => b.started_at.localeCompare(a.started_at))
    .slice(0, filter.limit);
}

/** Every service's spans of one trace, by start time (parents before their children on ties). */
export function mergeSpans(lists: readonly (readonly TraceSpan[])[]): TraceSpan[] {
  return lists.flat().sort((a, b) => a.started_at.localeCompare(b.started_at));
}
