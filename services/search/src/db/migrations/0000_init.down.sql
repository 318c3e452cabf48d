-- Undoes 0000_init: every search table, then the schema itself. pg_trgm stays: other schemas may use it.
DROP TABLE IF EXISTS "search"."viewer_history";
--> statement-breakpoint
DROP TABLE IF EXISTS "search"."co_occurrences";
--> statement-breakpoint
DROP TABLE IF EXISTS "search"."popularity";
--> statement-breakpoint
DROP TABLE IF EXISTS "search"."tombstones";
--> statement-breakpoint
DROP TABLE IF EXISTS "search"."documents";
--> statement-breakpoint
DROP TABLE IF EXISTS "search"."inbox";
--> statement-breakpoint
DROP SCHEMA IF EXISTS "search";
