import { and, count, eq, sql } from 'drizzle-orm';
import type { Executor, Tx } from '@bodega/db';
import { promotionRedemptions, promotions, type PromotionRow } from '../db/schema.js';
import { Unprocessable } from '../errors.js';
import { assertPromotionApplies, type PromotionUsage } from '../pricing/calculator.js';
import { normalizeCode, toPromotionRule } from './promotion.js';

/** 422 `PROMO_NOT_FOUND`: no code like this (shoppers see it as "this code does not exist"). */
export function promoNotFound(code: string) {
  return Unprocessable(`There is no promotion code ${code}`, {
    code: 'PROMO_NOT_FOUND',
    details: { promo_code: code },
  });
}

/** The promotion a shopper typed, or 422 `PROMO_NOT_FOUND`. */
export async function getPromotionForShopper(db: Executor, typed: string): Promise<PromotionRow> {
  const code = normalizeCode(typed);
  const [row] = await db.select().from(promotions).where(eq(promotions.code, code));
  if (!row) throw promoNotFound(code);
  return row;
}

/** Redemptions so far: all of them (the `uses` counter) and the customer's (anonymous: none). */
export async function promotionUsage(
  db: Executor,
  row: PromotionRow,
  customerId: string | undefined,
): Promise<PromotionUsage> {
  if (customerId === undefined) return { total: row.uses, by_customer: 0 };
  const [mine] = await db
    .select({ n: count() })
    .from(promotionRedemptions)
    .where(and(eq(promotionRedemptions.code, row.code), eq(promotionRedemptions.customerId, customerId)));
  return { total: row.uses, by_customer: mine?.n ?? 0 };
}

export interface Redemption {
  code: string;
  orderId: string;
  customerId: string;
  /** The order's subtotal, minor units, and its currency. */
  subtotal: number;
  currency: string;
  now: Date;
}

/**
 * Redeems a code for an order inside its creating transaction. The promotion row is locked first, so
 * two checkouts racing for the last use of a code are serialized: the second counts the first's
 * redemption and fails with `PROMO_EXHAUSTED` (or `PROMO_ALREADY_USED`) instead of both passing.
 */
export async function redeemPromotion(tx: Tx, redemption: Redemption): Promise<void> {
  const [row] = await tx.select().from(promotions).where(eq(promotions.code, redemption.code)).for('update');
  if (!row) throw promoNotFound(redemption.code);
  const usage = await promotionUsage(tx, row, redemption.customerId);
  assertPromotionApplies(
    toPromotionRule(row),
    usage,
    redemption.subtotal,
    redemption.currency,
    redemption.now,
  );
  await tx.insert(promotionRedemptions).values({
    orderId: redemption.orderId,
    code: row.code,
    customerId: redemption.customerId,
    createdAt: redemption.now,
  });
  await tx
    .update(promotions)
    .set({ uses: sql`${promotions.uses} + 1` })
    .where(eq(promotions.code, row.code));
}

/** Gives a cancelled order's code use back (nothing when it used none). */
export async function releaseRedemption(tx: Tx, orderId: string): Promise<void> {
  const released = await tx
    .delete(promotionRedemptions)
    .where(eq(promotionRedemptions.orderId, orderId))
    .returning({ code: promotionRedemptions.code });
  for (const { code } of released) {
    await tx
      .update(promotions)
      .set({ uses: sql`greatest(${promotions.uses} - 1, 0)` })
      .where(eq(promotions.code, code));
  }
}
