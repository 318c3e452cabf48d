-- Undoes 0000_init: every orders table (dependents first), then the schema itself.
DROP TABLE IF EXISTS "orders"."order_history";
--> statement-breakpoint
DROP TABLE IF EXISTS "orders"."order_lines";
--> statement-breakpoint
DROP TABLE IF EXISTS "orders"."orders";
--> statement-breakpoint
DROP TABLE IF EXISTS "orders"."promotion_redemptions";
--> statement-breakpoint
DROP TABLE IF EXISTS "orders"."promotions";
--> statement-breakpoint
DROP TABLE IF EXISTS "orders"."tax_rates";
--> statement-breakpoint
DROP TABLE IF EXISTS "orders"."cart_lines";
--> statement-breakpoint
DROP TABLE IF EXISTS "orders"."carts";
--> statement-breakpoint
DROP TABLE IF EXISTS "orders"."idempotency_keys";
--> statement-breakpoint
DROP TABLE IF EXISTS "orders"."inbox";
--> statement-breakpoint
DROP TABLE IF EXISTS "orders"."outbox";
--> statement-breakpoint
DROP SCHEMA IF EXISTS "orders";
