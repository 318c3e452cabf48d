CREATE SCHEMA "catalog";
--> statement-breakpoint
CREATE TABLE "catalog"."categories" (
	"slug" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog"."outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"envelope" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog"."products" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category_slug" text NOT NULL,
	"sku" text NOT NULL,
	"price_amount" integer NOT NULL,
	"currency" char(3) NOT NULL,
	"stock_qty" integer NOT NULL,
	"images" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"rating_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "products_price_check" CHECK ("catalog"."products"."price_amount" >= 0),
	CONSTRAINT "products_stock_check" CHECK ("catalog"."products"."stock_qty" >= 0),
	CONSTRAINT "products_rating_check" CHECK ("catalog"."products"."rating_sum" >= 0 and "catalog"."products"."rating_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "catalog"."reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"product_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"author_name" text,
	"rating" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "reviews_rating_check" CHECK ("catalog"."reviews"."rating" between 1 and 5),
	CONSTRAINT "reviews_status_check" CHECK ("catalog"."reviews"."status" in ('visible', 'hidden'))
);
--> statement-breakpoint
ALTER TABLE "catalog"."products" ADD CONSTRAINT "products_category_slug_categories_slug_fk" FOREIGN KEY ("category_slug") REFERENCES "catalog"."categories"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog"."reviews" ADD CONSTRAINT "reviews_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "catalog"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "catalog"."outbox" USING btree ("created_at","id") WHERE "catalog"."outbox"."published_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "products_slug_key" ON "catalog"."products" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "products_sku_key" ON "catalog"."products" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "products_category_list_idx" ON "catalog"."products" USING btree ("category_slug","id") WHERE "catalog"."products"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "products_price_idx" ON "catalog"."products" USING btree ("price_amount") WHERE "catalog"."products"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "products_live_list_idx" ON "catalog"."products" USING btree ("id") WHERE "catalog"."products"."deleted_at" is null and "catalog"."products"."active";--> statement-breakpoint
CREATE UNIQUE INDEX "reviews_one_per_author_key" ON "catalog"."reviews" USING btree ("product_id","author_id") WHERE "catalog"."reviews"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "reviews_product_list_idx" ON "catalog"."reviews" USING btree ("product_id","id") WHERE "catalog"."reviews"."deleted_at" is null;