import { Type, type Static } from '@sinclair/typebox';
import { Int4, Int8, Promotion } from '@bodega/contracts';
import type { PromotionRow } from '../db/schema.js';
import { Unprocessable } from '../errors.js';
import type { PromotionRule } from '../pricing/calculator.js';

const fields = Promotion.properties;
/** The largest fixed discount or minimum subtotal: the catalog's largest price, far from overflow. */
const MAX_PROMOTION_AMOUNT = 100_000_000;

/**
 * POST /promotions: the contract's Promotion without `uses` (counted, not set). Limits, dates and
 * `min_subtotal` may be left out (none), `active` defaults to true.
 */
export const PromotionInput = Type.Object(
  {
    code: fields.code,
    description: fields.description,
    kind: fields.kind,
    value: Int4({ ...fields.value, maximum: MAX_PROMOTION_AMOUNT }),
    currency: fields.currency,
    min_subtotal: Type.Optional(Int8({ ...fields.min_subtotal, maximum: MAX_PROMOTION_AMOUNT })),
    starts_at: Type.Optional(fields.starts_at),
    ends_at: Type.Optional(fields.ends_at),
    max_uses: Type.Optional(fields.max_uses),
    max_uses_per_customer: Type.Optional(fields.max_uses_per_customer),
    active: Type.Optional(fields.active),
  },
  { additionalProperties: false },
);
export type PromotionInput = Static<typeof PromotionInput>;

/** PATCH /promotions/{code}: any field but the code, at least one. */
export const PromotionPatch = Type.Partial(Type.Omit(PromotionInput, ['code']), {
  additionalProperties: false,
  minProperties: 1,
});
export type PromotionPatch = Static<typeof PromotionPatch>;

/** Codes are upper case; shoppers may type them in any case. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * The rules a stored promotion must keep beyond its schema: a percentage is at most 100%, and its
 * window ends after it starts. 422 `INVALID_PROMOTION` naming the field.
 */
export function assertValidPromotion(promotion: {
  kind: 'percentage' | 'fixed';
  value: number;
  starts_at: Date | null;
  ends_at: Date | null;
}): void {
  if (promotion.kind === 'percentage' && promotion.value > 10_000) {
    throw Unprocessable('A percentage is at most 10000 basis points (100%)', {
      code: 'INVALID_PROMOTION',
      details: { field: 'value' },
    });
  }
  if (promotion.starts_at && promotion.ends_at && promotion.ends_at <= promotion.starts_at) {
    throw Unprocessable('ends_at must come after starts_at', {
      code: 'INVALID_PROMOTION',
      details: { field: 'ends_at' },
    });
  }
}

/** The promotion as managers see it (contracts `Promotion`). */
export function toPromotionJson(row: PromotionRow): Promotion {
  return {
    code: row.code,
    description: row.description,
    kind: row.kind,
    value: row.value,
    currency: row.currency,
    min_subtotal: row.minSubtotal,
    starts_at: row.startsAt?.toISOString() ?? null,
    ends_at: row.endsAt?.toISOString() ?? null,
    max_uses: row.maxUses,
    max_uses_per_customer: row.maxUsesPerCustomer,
    uses: row.uses,
    active: row.active,
  };
}

/** The rule the price calculator checks and applies. */
export function toPromotionRule(row: PromotionRow): PromotionRule {
  return {
    code: row.code,
    description: row.description,
    kind: row.kind,
    value: row.value,
    currency: row.currency,
    min_subtotal: row.minSubtotal,
    starts_at: row.startsAt,
    ends_at: row.endsAt,
    max_uses: row.maxUses,
    max_uses_per_customer: row.maxUsesPerCustomer,
    active: row.active,
  };
}
