import { describe, expect, it } from 'vitest';
import { pairsOf, pairsWith, viewerKey } from './pairs.js';

describe('co-occurrence pairs', () => {
  it('pairs every product of an order with every other, both ways, once', () => {
    expect(pairsOf(['a', 'b', 'c', 'a'])).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'a'],
      ['b', 'c'],
      ['c', 'a'],
      ['c', 'b'],
    ]);
    expect(pairsOf(['a'])).toEqual([]);
  });

  it('pairs a new view with the earlier ones, never with itself', () => {
    expect(pairsWith('x', ['a', 'x', 'a'])).toEqual([
      ['x', 'a'],
      ['a', 'x'],
    ]);
  });

  it('knows a viewer by customer first, then session', () => {
    expect(viewerKey({ customer_id: 'u1', session_id: 's1' })).toBe('c:u1');
    expect(viewerKey({ customer_id: null, session_id: 's1' })).toBe('s:s1');
    expect(viewerKey({ customer_id: null, session_id: null })).toBeNull();
  });
});
