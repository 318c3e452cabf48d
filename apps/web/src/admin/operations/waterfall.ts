import type { TraceSpan } from '@bodega/contracts';

export interface WaterfallRow {
  span: TraceSpan;
  depth: number;
  /** From the trace's start, in ms. */
  offsetMs: number;
  /** Left edge and width as percentages of the trace's duration. */
  left: number;
  width: number;
}

/**
 * A trace's spans as waterfall rows: each child under its parent (depth-first, children by start),
 * placed on one time line from the first span's start to the last one's end. A span whose parent is
 * missing (another service kept no copy of it any more) starts a branch of its own.
 */
export function waterfall(spans: readonly TraceSpan[]): { rows: WaterfallRow[]; totalMs: number } {
  if (spans.length === 0) return { rows: [], totalMs: 0 };
  const startOf = (span: TraceSpan) => Date.parse(span.started_at);
  const start = Math.min(...spans.map(startOf));
  const end = Math.max(...spans.map((span) => startOf(span) + span.duration_ms));
  const totalMs = Math.max(end - start, 0.001);
  const ids = new Set(spans.map((span) => span.span_id));
  const children = new Map<string | null, TraceSpan[]>();
  for (const span of spans) {
    const parent = span.parent_span_id !== null && ids.has(span.parent_span_id) ? span.parent_span_id : null;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const rows: WaterfallRow[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const span of (children.get(parent) ?? []).sort((a, b) => startOf(a) - startOf(b))) {
      const offsetMs = startOf(span) - start;
      rows.push({
        span,
        depth,
        offsetMs,
        left: (offsetMs / totalMs) * 100,
        width: Math.max((span.duration_ms / totalMs) * 100, 0.5),
      });
      visit(span.span_id, depth + 1);
    }
  };
  visit(null, 0);
  return { rows, totalMs };
}

const colours = ['#4f46e5', '#047857', '#b45309', '#be185d', '#0369a1', '#7c3aed', '#b91c1c'];
const services = ['gateway', 'identity', 'catalog', 'search', 'orders', 'payments', 'analytics'];

/** One colour per service, the same on every trace (at least 3:1 against white). */
export function serviceColour(service: string): string {
  const index = services.indexOf(service);
  return colours[(index === -1 ? service.length : index) % colours.length] ?? '#475569';
}
