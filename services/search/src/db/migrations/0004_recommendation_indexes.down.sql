-- Undoes 0004_recommendation_indexes: the category index comes back, the ordered ones go.
DROP INDEX "search"."popularity_score_idx";--> statement-breakpoint
DROP INDEX "search"."documents_newest_idx";--> statement-breakpoint
DROP INDEX "search"."documents_category_newest_idx";--> statement-breakpoint
CREATE INDEX "documents_category_idx" ON "search"."documents" USING btree ("category");
