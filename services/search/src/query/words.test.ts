import { describe, expect, it } from 'vitest';
import { MAX_WORDS, queryWords, trigramText, tsqueryText } from './words.js';

describe('query words', () => {
  it('keeps letters and digits of any script, lowercased, and drops everything else', () => {
    expect(queryWords("Espresso  CUP's & 2x (Café) | Ölkanne")).toEqual([
      'espresso',
      'cup',
      's',
      '2x',
      'café',
      'ölkanne',
    ]);
  });

  it('turns tsquery and SQL syntax into nothing', () => {
    expect(queryWords("' & | ! : * ( ) \\ -- ; /* */")).toEqual([]);
    expect(queryWords("x'); drop table search.documents; --")).toEqual([
      'x',
      'drop',
      'table',
      'search',
      'documents',
    ]);
  });

  it('bounds the number of words and their length, and removes duplicates', () => {
    const many = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    expect(queryWords(many)).toHaveLength(MAX_WORDS);
    expect(queryWords('a'.repeat(100))[0]).toHaveLength(40);
    expect(queryWords('cup cup CUP')).toEqual(['cup']);
  });

  it('builds an AND tsquery whose last word is a prefix', () => {
    expect(tsqueryText(['blue', 'espres'])).toBe('blue & espres:*');
    expect(tsqueryText(['cup'])).toBe('cup:*');
    expect(trigramText(['blue', 'cup'])).toBe('blue cup');
  });
});
