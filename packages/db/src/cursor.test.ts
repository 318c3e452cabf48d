import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';

const id = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';

describe('cursors', () => {
  it('round-trips the last id of a page', () => {
    expect(decodeCursor('p1', encodeCursor('p1', id))).toBe(id);
  });

  it.each([
    ['garbage', 'garbage'],
    ['another kind', encodeCursor('r1', id)],
    ['not an id inside', Buffer.from('p1:1 or 1=1').toString('base64url')],
    ['padding and odd characters', `${encodeCursor('p1', id)}==`],
    ['empty', ''],
    ['huge', 'A'.repeat(500)],
  ])('rejects a forged cursor (%s) as a validation error', (_label, cursor) => {
    expect(() => decodeCursor('p1', cursor)).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' }));
  });
});
