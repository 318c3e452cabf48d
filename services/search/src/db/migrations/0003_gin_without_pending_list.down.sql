-- Undoes 0003_gin_without_pending_list: inserts go through the GIN pending list again.
ALTER INDEX "search"."document_keys_search_vector_idx" SET (fastupdate = true);
