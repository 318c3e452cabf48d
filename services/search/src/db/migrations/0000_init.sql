CREATE SCHEMA "search";
--> statement-breakpoint
-- Typo tolerance (search/README.md). In public, schema-qualified everywhere: embedded mode hosts every
-- service in one PostgreSQL, and the extension may already be there for another schema.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
--> statement-breakpoint
CREATE TABLE "search"."co_occurrences" (
	"product_a" uuid NOT NULL,
	"product_b" uuid NOT NULL,
	"kind" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "co_occurrences_product_a_kind_product_b_pk" PRIMARY KEY("product_a","kind","product_b"),
	CONSTRAINT "co_occurrences_kind_check" CHECK ("search"."co_occurrences"."kind" in ('viewed', 'bought'))
);
--> statement-breakpoint
CREATE TABLE "search"."documents" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"category" text NOT NULL,
	"sku" text NOT NULL,
	"price_amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"stock_qty" integer NOT NULL,
	"images" jsonb NOT NULL,
	"rating_average" double precision NOT NULL,
	"rating_count" integer NOT NULL,
	"active" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"indexed_at" timestamp with time zone NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce("name", '')), 'A') || setweight(to_tsvector('english', coalesce("description", '')), 'B')) STORED
);
--> statement-breakpoint
CREATE TABLE "search"."inbox" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "search"."popularity" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"views" bigint DEFAULT 0 NOT NULL,
	"units_ordered" bigint DEFAULT 0 NOT NULL,
	"score_log" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search"."tombstones" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"deleted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search"."viewer_history" (
	"viewer" text NOT NULL,
	"kind" text NOT NULL,
	"product_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "viewer_history_viewer_kind_product_id_pk" PRIMARY KEY("viewer","kind","product_id"),
	CONSTRAINT "viewer_history_kind_check" CHECK ("search"."viewer_history"."kind" in ('viewed', 'bought'))
);
--> statement-breakpoint
CREATE INDEX "documents_search_vector_idx" ON "search"."documents" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "documents_name_trgm_idx" ON "search"."documents" USING gin ("name" public.gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "documents_category_idx" ON "search"."documents" USING btree ("category");--> statement-breakpoint
CREATE INDEX "documents_price_idx" ON "search"."documents" USING btree ("price_amount");--> statement-breakpoint
CREATE INDEX "documents_created_idx" ON "search"."documents" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "viewer_history_recent_idx" ON "search"."viewer_history" USING btree ("viewer","kind","at");