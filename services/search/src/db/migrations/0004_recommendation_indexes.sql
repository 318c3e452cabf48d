-- Recommendations top up from the newest products without popularity, and from the most popular ones,
-- reading these indexes in order (db/schema.ts). The category index they replace is their prefix.
DROP INDEX "search"."documents_category_idx";--> statement-breakpoint
CREATE INDEX "documents_category_newest_idx" ON "search"."documents" USING btree ("category","created_at" DESC NULLS LAST,"product_id");--> statement-breakpoint
CREATE INDEX "documents_newest_idx" ON "search"."documents" USING btree ("created_at" DESC NULLS LAST,"product_id");--> statement-breakpoint
CREATE INDEX "popularity_score_idx" ON "search"."popularity" USING btree ("score_log" DESC NULLS LAST);