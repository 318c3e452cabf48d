-- Undoes 0000_large_kingpin: every catalog table (dependents first), then the schema itself.
DROP TABLE IF EXISTS "catalog"."reviews";
--> statement-breakpoint
DROP TABLE IF EXISTS "catalog"."products";
--> statement-breakpoint
DROP TABLE IF EXISTS "catalog"."categories";
--> statement-breakpoint
DROP TABLE IF EXISTS "catalog"."outbox";
--> statement-breakpoint
DROP SCHEMA IF EXISTS "catalog";
