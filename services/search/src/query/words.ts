/**
 * User text to search terms. The text never reaches SQL as syntax: it is cut into words of letters and
 * digits (`[\p{L}\p{N}]+`), and only those words, bound as parameters, build the tsquery and the
 * trigram probe. `' & | ! : * ( ) \` and friends are separators, nothing more.
 */

/** Words kept from one query: enough for any real query, a bound on the work one request can ask for. */
export const MAX_WORDS = 12;
/** A longer "word" is noise (or an attack); cut it to this many characters. */
export const MAX_WORD_LENGTH = 40;

/** The query's words, lowercased (NFKC), in order, without duplicates. */
export function queryWords(text: string): string[] {
  const words =
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const unique = [...new Set(words.map((word) => word.slice(0, MAX_WORD_LENGTH)))];
  return unique.slice(0, MAX_WORDS);
}

/** Words of a product name worth correcting a query towards: three characters or more. */
export function dictionaryWords(name: string): string[] {
  return queryWords(name).filter((word) => word.length >= 3);
}

/**
 * The `to_tsquery` text for the query's words, each with the corrections found for it (`[word,
 * ...alternatives]`): every word must match, as itself or as one of its corrections, and the last one
 * also as a prefix (search as you type: "espres" finds "espresso"). Safe because every word and
 * correction is letters and digits only (corrections are checked again here).
 */
export function tsqueryText(groups: string[][]): string {
  return groups
    .map((group, index) => {
      const terms = group
        .filter((word) => /^[\p{L}\p{N}]+$/u.test(word))
        .map((word, position) => (index === groups.length - 1 && position === 0 ? `${word}:*` : word));
      return terms.length > 1 ? `(${terms.join(' | ')})` : (terms[0] ?? '');
    })
    .filter((term) => term.length > 0)
    .join(' & ');
}
