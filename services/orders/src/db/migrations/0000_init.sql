CREATE SCHEMA "orders";
--> statement-breakpoint
CREATE TABLE "orders"."cart_lines" (
	"cart_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" integer NOT NULL,
	"currency" char(3) NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cart_lines_cart_id_product_id_pk" PRIMARY KEY("cart_id","product_id"),
	CONSTRAINT "cart_lines_quantity_check" CHECK ("orders"."cart_lines"."quantity" between 1 and 999)
);
--> statement-breakpoint
CREATE TABLE "orders"."carts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid,
	"token_hash" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "carts_owner_check" CHECK (("orders"."carts"."customer_id" is null) <> ("orders"."carts"."token_hash" is null))
);
--> statement-breakpoint
CREATE TABLE "orders"."idempotency_keys" (
	"customer_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"state" text NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"order_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_customer_id_key_pk" PRIMARY KEY("customer_id","key"),
	CONSTRAINT "idempotency_keys_state_check" CHECK ("orders"."idempotency_keys"."state" in ('in_progress', 'done'))
);
--> statement-breakpoint
CREATE TABLE "orders"."inbox" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "orders"."order_history" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"changed_by" uuid,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "orders"."order_lines" (
	"order_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"name" text NOT NULL,
	"sku" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" bigint NOT NULL,
	"line_total" bigint NOT NULL,
	CONSTRAINT "order_lines_order_id_product_id_pk" PRIMARY KEY("order_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "orders"."orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"status" text NOT NULL,
	"currency" char(3) NOT NULL,
	"subtotal" bigint NOT NULL,
	"discount" bigint NOT NULL,
	"tax" bigint NOT NULL,
	"shipping" bigint NOT NULL,
	"total" bigint NOT NULL,
	"tax_rate_bps" integer NOT NULL,
	"promo_code" text,
	"shipping_address" jsonb,
	"payment_id" uuid,
	"cancel_reason" text,
	"checkout_step" text NOT NULL,
	"cart_id" uuid,
	"refund_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "orders_status_check" CHECK ("orders"."orders"."status" in ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')),
	CONSTRAINT "orders_totals_check" CHECK ("orders"."orders"."total" >= 0 and "orders"."orders"."subtotal" >= "orders"."orders"."discount")
);
--> statement-breakpoint
CREATE TABLE "orders"."outbox" (
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
CREATE TABLE "orders"."promotion_redemptions" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders"."promotions" (
	"code" text PRIMARY KEY NOT NULL,
	"description" text NOT NULL,
	"kind" text NOT NULL,
	"value" integer NOT NULL,
	"currency" char(3) NOT NULL,
	"min_subtotal" bigint NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"max_uses" integer,
	"max_uses_per_customer" integer,
	"uses" integer DEFAULT 0 NOT NULL,
	"active" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "promotions_kind_check" CHECK ("orders"."promotions"."kind" in ('percentage', 'fixed')),
	CONSTRAINT "promotions_uses_check" CHECK ("orders"."promotions"."uses" >= 0)
);
--> statement-breakpoint
CREATE TABLE "orders"."tax_rates" (
	"country" char(2) PRIMARY KEY NOT NULL,
	"rate_bps" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders"."cart_lines" ADD CONSTRAINT "cart_lines_cart_id_carts_id_fk" FOREIGN KEY ("cart_id") REFERENCES "orders"."carts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."order_history" ADD CONSTRAINT "order_history_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."promotion_redemptions" ADD CONSTRAINT "promotion_redemptions_code_promotions_code_fk" FOREIGN KEY ("code") REFERENCES "orders"."promotions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "carts_customer_key" ON "orders"."carts" USING btree ("customer_id") WHERE "orders"."carts"."customer_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "carts_token_key" ON "orders"."carts" USING btree ("token_hash") WHERE "orders"."carts"."token_hash" is not null;--> statement-breakpoint
CREATE INDEX "idempotency_keys_open_idx" ON "orders"."idempotency_keys" USING btree ("updated_at") WHERE "orders"."idempotency_keys"."state" = 'in_progress';--> statement-breakpoint
CREATE INDEX "idempotency_keys_order_idx" ON "orders"."idempotency_keys" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_history_order_idx" ON "orders"."order_history" USING btree ("order_id","id");--> statement-breakpoint
CREATE INDEX "orders_customer_idx" ON "orders"."orders" USING btree ("customer_id","id");--> statement-breakpoint
CREATE INDEX "orders_status_idx" ON "orders"."orders" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "orders_pending_idx" ON "orders"."orders" USING btree ("updated_at") WHERE "orders"."orders"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "orders_cancelling_idx" ON "orders"."orders" USING btree ("updated_at") WHERE "orders"."orders"."status" = 'paid' and "orders"."orders"."refund_id" is not null;--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "orders"."outbox" USING btree ("created_at","id") WHERE "orders"."outbox"."published_at" is null;--> statement-breakpoint
CREATE INDEX "promotion_redemptions_customer_idx" ON "orders"."promotion_redemptions" USING btree ("code","customer_id");--> statement-breakpoint
-- Seed (hand-written): tax by destination country, in basis points. Others use TAX_DEFAULT_RATE_BPS.
INSERT INTO "orders"."tax_rates" ("country", "rate_bps") VALUES ('US', 725), ('CA', 500), ('GB', 2000), ('DE', 1900), ('FR', 2000);
