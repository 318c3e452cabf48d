-- Searches no longer scan the GIN pending list (db/schema.ts says why). Altered rather than rebuilt:
-- entries already pending are merged into the index once, then every insert goes straight in.
ALTER INDEX "search"."document_keys_search_vector_idx" SET (fastupdate = false);
--> statement-breakpoint
SELECT gin_clean_pending_list('search.document_keys_search_vector_idx'::regclass);
