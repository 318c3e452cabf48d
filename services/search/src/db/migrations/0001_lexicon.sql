CREATE TABLE "search"."lexicon" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "lexicon_word_trgm_idx" ON "search"."lexicon" USING gin ("word" public.gin_trgm_ops);
--> statement-breakpoint
-- The words of the names already indexed (the indexer adds new ones as products arrive).
INSERT INTO "search"."lexicon" ("word")
SELECT DISTINCT word FROM "search"."documents", regexp_split_to_table(lower("name"), '[^[:alnum:]]+') AS word
WHERE length(word) BETWEEN 3 AND 40
ON CONFLICT DO NOTHING;
