CREATE SCHEMA "analytics";
--> statement-breakpoint
CREATE TABLE "analytics"."customers" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"registered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."inbox" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "analytics"."orders" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"placed_at" timestamp with time zone,
	"total" bigint,
	"lines" jsonb,
	"money_back" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cancelled_paid_at" timestamp with time zone,
	"refunds_by_hour" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"lines_netted" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."product_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"product_id" uuid NOT NULL,
	"revenue" bigint DEFAULT 0 NOT NULL,
	"units" integer DEFAULT 0 NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "product_hourly_hour_product_id_pk" PRIMARY KEY("hour","product_id")
);
--> statement-breakpoint
CREATE TABLE "analytics"."refused_events" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"reason" text NOT NULL,
	"envelope" jsonb NOT NULL,
	"refused_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."sales_hourly" (
	"hour" timestamp with time zone PRIMARY KEY NOT NULL,
	"revenue" bigint DEFAULT 0 NOT NULL,
	"refunds" bigint DEFAULT 0 NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."sessions" (
	"session_id" text PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"viewed_at" timestamp with time zone,
	"carted_at" timestamp with time zone,
	"checkout_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "analytics"."tracked_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"user_id" uuid,
	"type" text NOT NULL,
	"product_id" uuid,
	"properties" jsonb,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tracked_events_type_check" CHECK ("type" in ('page_view', 'product_view', 'add_to_cart', 'remove_from_cart', 'begin_checkout', 'search'))
);
--> statement-breakpoint
CREATE INDEX "customers_registered_idx" ON "analytics"."customers" USING btree ("registered_at");--> statement-breakpoint
CREATE INDEX "orders_placed_idx" ON "analytics"."orders" USING btree ("placed_at");--> statement-breakpoint
CREATE INDEX "orders_customer_idx" ON "analytics"."orders" USING btree ("customer_id","placed_at");--> statement-breakpoint
CREATE INDEX "sessions_started_idx" ON "analytics"."sessions" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "tracked_events_occurred_idx" ON "analytics"."tracked_events" USING btree ("occurred_at");