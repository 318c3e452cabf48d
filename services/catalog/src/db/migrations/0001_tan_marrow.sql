CREATE TABLE "catalog"."reservation_items" (
	"reservation_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "reservation_items_reservation_id_product_id_pk" PRIMARY KEY("reservation_id","product_id"),
	CONSTRAINT "reservation_items_quantity_check" CHECK ("catalog"."reservation_items"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "catalog"."reservations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reservations_status_check" CHECK ("catalog"."reservations"."status" in ('held', 'committed', 'released', 'expired', 'returned'))
);
--> statement-breakpoint
ALTER TABLE "catalog"."reservation_items" ADD CONSTRAINT "reservation_items_reservation_id_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "catalog"."reservations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog"."reservation_items" ADD CONSTRAINT "reservation_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "catalog"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reservations_held_expiry_idx" ON "catalog"."reservations" USING btree ("expires_at") WHERE "catalog"."reservations"."status" = 'held';