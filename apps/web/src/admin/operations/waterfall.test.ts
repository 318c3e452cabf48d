import { describe, expect, it } from 'vitest';
import type { TraceSpan } from '@bodega/contracts';
import { serviceColour, waterfall } from './waterfall';

const span = (id: string, parent: string | null, offset: number, duration: number): TraceSpan => ({
  span_id: id.padStart(16, '0'),
  parent_span_id: parent === null ? null : parent.padStart(16, '0'),
  service: 'orders',
  name: `span ${id}`,
  kind: 'internal',
  started_at: new Date(1_000_000 + offset).toISOString(),
  duration_ms: duration,
  status: 'ok',
  attributes: {},
});

describe('the trace waterfall', () => {
  it('nests children under parents by start and places them on one time line', () => {
    const { rows, totalMs } = waterfall([
      span('c', 'a', 50, 50),
      span('b', 'a', 10, 20),
      span('a', null, 0, 200),
    ]);
    expect(totalMs).toBe(200);
    expect(rows.map((row) => [row.span.name, row.depth, row.left, row.width])).toEqual([
      ['span a', 0, 0, 100],
      ['span b', 1, 5, 10],
      ['span c', 1, 25, 25],
    ]);
  });

  it('starts a branch for a span whose parent no service kept, and keeps tiny spans visible', () => {
    const { rows } = waterfall([span('a', null, 0, 1000), span('x', 'gone', 500, 0)]);
    expect(rows.map((row) => row.depth)).toEqual([0, 0]);
    expect(rows[1]!.width).toBe(0.5);
    expect(waterfall([])).toEqual({ rows: [], totalMs: 0 });
  });

  it('gives every service its own colour', () => {
    expect(
      new Set(
        ['gateway', 'identity', 'catalog', 'search', 'orders', 'payments', 'analytics'].map(serviceColour),
      ).size,
    ).toBe(7);
    expect(serviceColour('unknown')).toMatch(/^#/);
  });
});
