/**
 * Typo tolerance: a query word that matches too little is corrected against the dictionary of words
 * seen in product names (`search.lexicon`, trigram-indexed), the approach PostgreSQL's pg_trgm
 * documentation recommends. Comparing a word with a few thousand dictionary words costs well under a
 * millisecond; comparing the query with 100,000 names cost hundreds (measured in BENCHMARKS.md).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '@bodega/db';
import { rowsOf } from './rows.js';

/**
 * How similar (pg_trgm `similarity`, 0..1) a dictionary word must be to a query word to stand in for
 * it: "expresso" is 0.5 from "espresso", "teapott" 0.67 from "teapot".
 */
export const CORRECTION_THRESHOLD = 0.4;
/** Corrections kept per word, most similar first. */
export const CORRECTIONS_PER_WORD = 3;
/** Words shorter than this are not corrected: too few trigrams to tell a typo from another word. */
const MIN_CORRECTABLE_LENGTH = 3;

/**
 * For each word, `[word, ...corrections]`. A word the dictionary holds as it is still gets corrections
 * ("lamp" also stands for "lamps"), so a query with one misspelt word among good ones matches.
 */
export async function correctWords(tx: Tx, words: string[]): Promise<string[][]> {
  // `%` (GIN-indexed) uses this threshold; local to the transaction, so pooled sessions keep theirs.
  await tx.execute(
    sql`select set_config('pg_trgm.similarity_threshold', ${String(CORRECTION_THRESHOLD)}, true)`,
  );
  const groups: string[][] = [];
  for (const word of words) {
    if (word.length < MIN_CORRECTABLE_LENGTH) {
      groups.push([word]);
      continue;
    }
    const rows = await rowsOf<{ word: string }>(
      tx,
      sql`select word from search.lexicon
        where word operator(public.%) ${word} and word <> ${word}
        order by public.similarity(word, ${word}) desc, word
        limit ${CORRECTIONS_PER_WORD}`,
    );
    groups.push([word, ...rows.map((row) => row.word)]);
  }
  return groups;
}
