import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, likeContaining } from './list-users.js';

describe('list cursors', () => {
  it('round-trip the last id of a page', () => {
    const id = '01900000-0000-7000-8000-000000000000';
    expect(decodeCursor(encodeCursor(id))).toBe(id);
  });

  it('reject a cursor this API did not make', () => {
    expect(() => decodeCursor('bm90LWFuLWlk')).toThrow(
      expect.objectContaining({ code: 'INVALID_CURSOR', status: 400 }),
    );
  });
});

describe('email filters', () => {
  it('match a part of the address, with LIKE wildcards taken literally', () => {
    expect(likeContaining('ada')).toBe('%ada%');
    expect(likeContaining('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
});
