-- Undoes 0002_document_keys: searches read documents again, through the indexes they had.
DROP TABLE IF EXISTS "search"."document_keys";
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "documents_search_vector_idx" ON "search"."documents" USING gin ("search_vector");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "documents_name_trgm_idx" ON "search"."documents" USING gin ("name" public.gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "documents_price_idx" ON "search"."documents" USING btree ("price_amount");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "documents_created_idx" ON "search"."documents" USING btree ("created_at");
