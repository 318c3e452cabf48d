-- Undoes 0000_init: every identity table, then the schema itself.
DROP TABLE IF EXISTS "identity"."refresh_tokens";
--> statement-breakpoint
DROP TABLE IF EXISTS "identity"."refresh_token_families";
--> statement-breakpoint
DROP TABLE IF EXISTS "identity"."users";
--> statement-breakpoint
DROP TABLE IF EXISTS "identity"."outbox";
--> statement-breakpoint
DROP SCHEMA IF EXISTS "identity";
