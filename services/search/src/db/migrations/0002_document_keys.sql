-- Searches read the narrow document_keys (db/schema.ts says why); documents keep what a hit shows.
CREATE TABLE "search"."document_keys" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"active" boolean NOT NULL,
	"category" text NOT NULL,
	"price_amount" bigint NOT NULL,
	"stock_qty" integer NOT NULL,
	"rating_average" double precision NOT NULL,
	"rating_count" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"search_vector" "tsvector" NOT NULL
);
--> statement-breakpoint
DROP INDEX "search"."documents_search_vector_idx";--> statement-breakpoint
DROP INDEX "search"."documents_name_trgm_idx";--> statement-breakpoint
DROP INDEX "search"."documents_price_idx";--> statement-breakpoint
DROP INDEX "search"."documents_created_idx";--> statement-breakpoint
ALTER TABLE "search"."document_keys" ADD CONSTRAINT "document_keys_product_id_documents_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "search"."documents"("product_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The documents already indexed (the indexer keeps both tables in step from now on). Before the
-- indexes: building them once over the rows is faster than maintaining them row by row.
INSERT INTO "search"."document_keys" ("product_id", "active", "category", "price_amount", "stock_qty", "rating_average", "rating_count", "created_at", "search_vector")
SELECT "product_id", "active", "category", "price_amount", "stock_qty", "rating_average", "rating_count", "created_at", "search_vector" FROM "search"."documents";
--> statement-breakpoint
CREATE INDEX "document_keys_search_vector_idx" ON "search"."document_keys" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "document_keys_category_idx" ON "search"."document_keys" USING btree ("category");--> statement-breakpoint
CREATE INDEX "document_keys_price_idx" ON "search"."document_keys" USING btree ("price_amount");--> statement-breakpoint
CREATE INDEX "document_keys_created_idx" ON "search"."document_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "document_keys_rating_idx" ON "search"."document_keys" USING btree ("rating_average","rating_count");