-- Undoes 0000_init: every analytics table, then the schema itself.
DROP TABLE IF EXISTS "analytics"."tracked_events";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics"."sessions";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics"."sales_hourly";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics"."product_hourly";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics"."refused_events";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics"."orders";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics"."customers";
--> statement-breakpoint
DROP TABLE IF EXISTS "analytics"."inbox";
--> statement-breakpoint
DROP SCHEMA IF EXISTS "analytics";
