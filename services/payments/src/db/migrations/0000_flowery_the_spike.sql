CREATE SCHEMA "payments";
--> statement-breakpoint
CREATE TABLE "payments"."order_voids" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"reason" text,
	"voided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments"."outbox" (
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
CREATE TABLE "payments"."payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"status" text NOT NULL,
	"currency" char(3) NOT NULL,
	"amount" bigint NOT NULL,
	"captured" bigint DEFAULT 0 NOT NULL,
	"refunded" bigint DEFAULT 0 NOT NULL,
	"card_last4" char(4) NOT NULL,
	"decline_reason" text,
	"void_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_amount_check" CHECK ("payments"."payments"."amount" > 0),
	CONSTRAINT "payments_money_check" CHECK (0 <= "payments"."payments"."refunded" and "payments"."payments"."refunded" <= "payments"."payments"."captured" and "payments"."payments"."captured" <= "payments"."payments"."amount"),
	CONSTRAINT "payments_status_check" CHECK ("payments"."payments"."status" in ('authorized', 'captured', 'declined', 'voided', 'partially_refunded', 'refunded'))
);
--> statement-breakpoint
CREATE TABLE "payments"."refunds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"payment_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "refunds_amount_check" CHECK ("payments"."refunds"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "payments"."refunds" ADD CONSTRAINT "refunds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "payments"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "payments"."outbox" USING btree ("created_at","id") WHERE "payments"."outbox"."published_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_order_key" ON "payments"."payments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "payments_customer_list_idx" ON "payments"."payments" USING btree ("customer_id","id");--> statement-breakpoint
CREATE INDEX "payments_status_list_idx" ON "payments"."payments" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "refunds_payment_idx" ON "payments"."refunds" USING btree ("payment_id","created_at");