import { describe, expect, it } from 'vitest';
import { dictionaryWords, MAX_WORDS, queryWords, tsqueryText } from './words.js';

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
    expect(tsqueryText([['blue'], ['espres']])).toBe('blue & espres:*');
    expect(tsqueryText([['cup']])).toBe('cup:*');
  });

  it('lets each word match as itself or as one of its corrections', () => {
    expect(
      tsqueryText([
        ['expresso', 'espresso', 'express'],
        ['cupp', 'cup'],
      ]),
    ).toBe('(expresso | espresso | express) & (cupp:* | cup)');
    // A correction is dictionary data, not user input, but it is held to the same rule.
    expect(tsqueryText([['cup', "x' | y"]])).toBe('cup:*');
  });

  it('keeps words of three characters or more from names for the dictionary', () => {
    expect(dictionaryWords('A Blue Espresso Cup, 2x')).toEqual(['blue', 'espresso', 'cup']);
  });
});
