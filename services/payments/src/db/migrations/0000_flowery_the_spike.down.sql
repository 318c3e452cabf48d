-- Undoes 0000_flowery_the_spike: every payments table (dependents first), then the schema itself.
DROP TABLE IF EXISTS "payments"."refunds";
--> statement-breakpoint
DROP TABLE IF EXISTS "payments"."payments";
--> statement-breakpoint
DROP TABLE IF EXISTS "payments"."order_voids";
--> statement-breakpoint
DROP TABLE IF EXISTS "payments"."outbox";
--> statement-breakpoint
DROP SCHEMA IF EXISTS "payments";
