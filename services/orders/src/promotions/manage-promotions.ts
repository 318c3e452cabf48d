import { decodeCursor, encodeCursor } from '@bodega/db';
import { asc, eq, gt } from 'drizzle-orm';
import type { PageOf, Promotion } from '@bodega/contracts';
import { Conflict, NotFound } from '@bodega/errors';
import { promotions } from '../db/schema.js';
import type { OrdersDeps } from '../deps.js';
import {
  assertValidPromotion,
  toPromotionJson,
  type PromotionInput,
  type PromotionPatch,
} from './promotion.js';

const CURSOR_KIND = 'promo1';

const date = (value: string | null | undefined) => (value ? new Date(value) : null);

function promotionNotFound(code: string) {
  return NotFound(`There is no promotion ${code}`, { code: 'PROMOTION_NOT_FOUND', details: { code } });
}

/** GET /promotions: every code, in code order, a page at a time. */
export async function listPromotions(
  deps: OrdersDeps,
  input: { limit: number; cursor?: string | undefined },
): Promise<PageOf<Promotion>> {
  const after =
    input.cursor === undefined
      ? undefined
      : decodeCursor(CURSOR_KIND, input.cursor, (code) => code.length > 0);
  const rows = await deps.db
    .select()
    .from(promotions)
    .where(after === undefined ? undefined : gt(promotions.code, after))
    .orderBy(asc(promotions.code))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(toPromotionJson),
    next_cursor: rows.length > input.limit && last ? encodeCursor(CURSOR_KIND, last.code) : null,
  };
}

/** POST /promotions: a new code (409 `PROMOTION_EXISTS` when taken). */
export async function createPromotion(deps: OrdersDeps, input: PromotionInput): Promise<Promotion> {
  const startsAt = date(input.starts_at);
  const endsAt = date(input.ends_at);
  assertValidPromotion({ kind: input.kind, value: input.value, starts_at: startsAt, ends_at: endsAt });
  const now = deps.now();
  const [row] = await deps.db
    .insert(promotions)
    .values({
      code: input.code,
      description: input.description,
      kind: input.kind,
      value: input.value,
      currency: input.currency,
      minSubtotal: input.min_subtotal ?? 0,
      startsAt,
      endsAt,
      maxUses: input.max_uses ?? null,
      maxUsesPerCustomer: input.max_uses_per_customer ?? null,
      active: input.active ?? true,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    throw Conflict(`The code ${input.code} exists already`, {
      code: 'PROMOTION_EXISTS',
      details: { code: input.code },
    });
  }
  deps.logger.info({ promo_code: row.code }, 'promotion created');
  return toPromotionJson(row);
}

/** PATCH /promotions/{code}: changes some fields; the result must still be a valid promotion. */
export async function updatePromotion(
  deps: OrdersDeps,
  code: string,
  patch: PromotionPatch,
): Promise<Promotion> {
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(promotions).where(eq(promotions.code, code)).for('update');
    if (!before) throw promotionNotFound(code);
    const startsAt = patch.starts_at === undefined ? before.startsAt : date(patch.starts_at);
    const endsAt = patch.ends_at === undefined ? before.endsAt : date(patch.ends_at);
    const kind = patch.kind ?? before.kind;
    const value = patch.value ?? before.value;
    assertValidPromotion({ kind, value, starts_at: startsAt, ends_at: endsAt });
    const [after] = await tx
      .update(promotions)
      .set({
        kind,
        value,
        startsAt,
        endsAt,
        ...(patch.description === undefined ? {} : { description: patch.description }),
        ...(patch.currency === undefined ? {} : { currency: patch.currency }),
        ...(patch.min_subtotal === undefined ? {} : { minSubtotal: patch.min_subtotal }),
        ...(patch.max_uses === undefined ? {} : { maxUses: patch.max_uses }),
        ...(patch.max_uses_per_customer === undefined
          ? {}
          : { maxUsesPerCustomer: patch.max_uses_per_customer }),
        ...(patch.active === undefined ? {} : { active: patch.active }),
        updatedAt: deps.now(),
      })
      .where(eq(promotions.code, code))
      .returning();
    if (!after) throw promotionNotFound(code);
    return toPromotionJson(after);
  });
}
