-- Undoes 0001_tan_marrow: the stock reservation tables. Units still held go back on sale first,
-- or dropping the holds would lose them (stock_qty counts what is available, holds taken out).
UPDATE "catalog"."products" AS p
SET "stock_qty" = p."stock_qty" + held."quantity"
FROM (
	SELECT i."product_id", sum(i."quantity")::integer AS "quantity"
	FROM "catalog"."reservation_items" AS i
	JOIN "catalog"."reservations" AS r ON r."id" = i."reservation_id"
	WHERE r."status" = 'held'
	GROUP BY i."product_id"
) AS held
WHERE p."id" = held."product_id";
--> statement-breakpoint
DROP TABLE IF EXISTS "catalog"."reservation_items";
--> statement-breakpoint
DROP TABLE IF EXISTS "catalog"."reservations";
