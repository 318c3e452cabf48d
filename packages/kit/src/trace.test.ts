import { describe, expect, it } from 'vitest';
import { continueTrace } from './trace.js';

describe('continueTrace', () => {
  it('continues a valid traceparent with a new span', () => {
    const trace = continueTrace('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(trace.trace_id).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(trace.span_id).not.toBe('00f067aa0ba902b7');
    expect(trace.traceparent).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${trace.span_id}-01`);
  });

  it('starts a new trace when the header is missing, malformed or all zeros', () => {
    for (const header of [
      undefined,
      'garbage',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      ['x'],
    ]) {
      const trace = continueTrace(header);
      expect(trace.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(trace.trace_id).not.toMatch(/^0+$/);
    }
  });
});
