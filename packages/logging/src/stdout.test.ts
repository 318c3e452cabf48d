import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { batchedLines, MAX_PENDING_LOG_BYTES } from './stdout.js';

/** A stdout stand-in: `stalled` takes writes but never finishes them, as a pipe nobody reads. */
function sink(options: { stalled?: boolean } = {}) {
  const writes: string[] = [];
  const out = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString());
      if (!options.stalled) callback();
    },
  });
  return { out, writes };
}

const line = (text: string) => `${JSON.stringify({ msg: text })}\n`;

describe('batched log lines', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes lines in batches of about 4 KiB, and a quiet line within the next tick of the timer', () => {
    const { out, writes } = sink();
    const destination = batchedLines(out, { exitFlush: false });
    const big = line('x'.repeat(1000));
    for (let i = 0; i < 4; i++) destination.write(big);
    expect(writes).toHaveLength(0);
    destination.write(big);
    expect(writes).toEqual([big.repeat(5)]);

    destination.write(line('quiet'));
    expect(writes).toHaveLength(1);
    vi.advanceTimersByTime(250);
    expect(writes).toEqual([big.repeat(5), line('quiet')]);
    vi.advanceTimersByTime(1000);
    expect(writes).toHaveLength(2);
  });

  it('drops new lines rather than queueing without bound for a stdout that takes nothing', () => {
    const { out, writes } = sink({ stalled: true });
    const destination = batchedLines(out, { exitFlush: false });
    const big = line('y'.repeat(64 * 1024));
    const lines = Math.ceil((2 * MAX_PENDING_LOG_BYTES) / big.length);
    for (let i = 0; i < lines; i++) destination.write(big);
    // The stream queued what fit under the bound; the rest never reached it.
    expect(out.writableLength).toBeGreaterThan(MAX_PENDING_LOG_BYTES);
    expect(out.writableLength).toBeLessThanOrEqual(MAX_PENDING_LOG_BYTES + big.length);
    expect(writes.length).toBe(1);
  });

  it('writes nothing more once stdout failed (a closed pipe, a hung-up terminal)', () => {
    const { out, writes } = sink();
    const destination = batchedLines(out, { exitFlush: false });
    destination.write(line('before'));
    vi.advanceTimersByTime(250);
    out.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    destination.write(line('x'.repeat(5000)));
    vi.advanceTimersByTime(250);
    expect(writes).toEqual([line('before')]);
  });
});
