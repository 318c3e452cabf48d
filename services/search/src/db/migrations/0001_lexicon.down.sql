-- Undoes 0001_lexicon: the typo-correction dictionary goes; search falls back to exact matches only.
DROP TABLE IF EXISTS "search"."lexicon";
