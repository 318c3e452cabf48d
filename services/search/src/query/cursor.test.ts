import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cursorCodec } from './cursor.js';

const codec = cursorCodec(Buffer.from('a test key of enough length, 32 bytes+'));

function decodeError(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return error as { kind: string; code: string };
  }
  throw new Error('expected a rejection');
}

describe('the search cursor', () => {
  it('round-trips the offset for the same query', () => {
    const cursor = codec.encode(40, 'q1');
    expect(codec.decode(cursor, 'q1')).toBe(40);
  });

  it('is refused for another query, with another key, or when tampered with', () => {
    const cursor = codec.encode(20, 'q1');
    expect(decodeError(() => codec.decode(cursor, 'q2'))).toMatchObject({ kind: 'validation' });
    const other = cursorCodec(Buffer.from('another key, another signature......'));
    expect(decodeError(() => other.decode(cursor, 'q1'))).toMatchObject({ kind: 'validation' });
    const [, signature] = cursor.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ o: 9000, f: 'q1' })).toString('base64url');
    expect(decodeError(() => codec.decode(`${forgedBody}.${signature}`, 'q1'))).toMatchObject({
      code: 'VALIDATION_ERROR',
    });
  });

  it('refuses garbage of every shape', () => {
    for (const garbage of ['', 'abc', 'a.b', `${'x'.repeat(300)}.${'y'.repeat(43)}`, "' or 1=1 --", '..']) {
      expect(decodeError(() => codec.decode(garbage, 'q1'))).toMatchObject({ kind: 'validation' });
    }
  });

  it('refuses a correctly signed payload of the wrong shape', () => {
    const key = Buffer.from('k'.repeat(32));
    const raw = cursorCodec(key);
    for (const payload of [
      { o: -1, f: 'q' },
      { o: 1.5, f: 'q' },
      { o: 1, f: 2 },
      [1],
      null,
      { o: 10_001, f: 'q' },
    ]) {
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      const signature = createHmac('sha256', key).update(body).digest('base64url');
      expect(decodeError(() => raw.decode(`${body}.${signature}`, 'q'))).toMatchObject({
        kind: 'validation',
      });
    }
    const notJson = Buffer.from('not json').toString('base64url');
    const signed = createHmac('sha256', key).update(notJson).digest('base64url');
    expect(decodeError(() => raw.decode(`${notJson}.${signed}`, 'q'))).toMatchObject({
      kind: 'validation',
    });
  });
});
