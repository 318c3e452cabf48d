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

/**
 * The `to_tsquery` text for `words`: every word must match, the last one as a prefix too (search as you
 * type: "espres" finds "espresso"). Safe because every word is letters and digits only.
 */
export function tsqueryText(words: string[]): string {
  return words.map((word, index) => (index === words.length - 1 ? `${word}:*` : word)).join(' & ');
}

/** The text compared with product names by trigram similarity. */
export function trigramText(words: string[]): string {
  return words.join(' ');
}
