/**
 * Promotion codes: whether one applies to an order (each refusal with a code and details the shopper
 * can act on) and what it takes off.
 */
import { AppError, Internal } from '@bodega/errors';
import type { PromotionRule, PromotionUsage } from './calculator.js';
import { BASIS_POINTS, basisPointsOf, formatMoney, isAmount } from './money.js';

function isLimit(value: number | null): boolean {
  return value === null || isAmount(value);
}

function isInstant(value: Date | null): boolean {
  return value === null || !Number.isNaN(value.getTime());
}

/**
 * A stored rule that cannot be priced (a percentage above 100%, a negative amount...) is our defect,
 * not the shopper's: it fails loudly rather than producing a wrong price.
 */
function assertWellFormed(rule: PromotionRule, usage: PromotionUsage): void {
  const fields: [string, boolean][] = [
    ['value', isAmount(rule.value) && (rule.kind === 'fixed' || BigInt(rule.value) <= BASIS_POINTS)],
    ['min_subtotal', isAmount(rule.min_subtotal)],
    ['max_uses', isLimit(rule.max_uses)],
    ['max_uses_per_customer', isLimit(rule.max_uses_per_customer)],
    ['starts_at', isInstant(rule.starts_at)],
    ['ends_at', isInstant(rule.ends_at)],
    ['usage', isAmount(usage.total) && isAmount(usage.by_customer)],
  ];
  const bad = fields.find(([, ok]) => !ok);
  if (bad) {
    throw Internal(`The promotion ${rule.code} is misconfigured`, {
      code: 'INVALID_PROMOTION_RULE',
      details: { promo_code: rule.code, field: bad[0] },
    });
  }
}

function refuse(code: string, message: string, details: Record<string, unknown>): AppError {
  return new AppError('unprocessable', message, { code, details });
}

/**
 * Throws Unprocessable unless `rule` applies now to an order of `subtotal` (minor units) in `currency`.
 * Checks, in order: `PROMO_INACTIVE`, `PROMO_NOT_STARTED` (now < starts_at), `PROMO_EXPIRED`
 * (now >= ends_at), `PROMO_CURRENCY_MISMATCH`, `PROMO_MIN_SUBTOTAL`, `PROMO_EXHAUSTED` (usage.total
 * >= max_uses), `PROMO_ALREADY_USED` (usage.by_customer >= max_uses_per_customer). The orders service
 * calls it again when it redeems a code under a lock, with the usage counted under that lock.
 */
export function assertPromotionApplies(
  rule: PromotionRule,
  usage: PromotionUsage,
  subtotal: number,
  currency: string,
  now: Date,
): void {
  assertWellFormed(rule, usage);
  if (Number.isNaN(now.getTime())) throw new RangeError('now must be a valid date');
  const code = rule.code;
  if (!rule.active) {
    throw refuse('PROMO_INACTIVE', `The code ${code} is not active`, { promo_code: code });
  }
  if (rule.starts_at !== null && now.getTime() < rule.starts_at.getTime()) {
    const starts_at = rule.starts_at.toISOString();
    throw refuse('PROMO_NOT_STARTED', `The code ${code} can be used from ${starts_at}`, {
      promo_code: code,
      starts_at,
    });
  }
  if (rule.ends_at !== null && now.getTime() >= rule.ends_at.getTime()) {
    const ends_at = rule.ends_at.toISOString();
    throw refuse('PROMO_EXPIRED', `The code ${code} expired at ${ends_at}`, { promo_code: code, ends_at });
  }
  // A fixed amount is money in the code's currency; so is a minimum subtotal, which cannot be
  // compared with a subtotal in another currency. Only a bare percentage travels across currencies.
  if (rule.currency !== currency && (rule.kind === 'fixed' || rule.min_subtotal > 0)) {
    throw refuse('PROMO_CURRENCY_MISMATCH', `The code ${code} applies to orders in ${rule.currency}`, {
      promo_code: code,
      promotion_currency: rule.currency,
      order_currency: currency,
    });
  }
  if (subtotal < rule.min_subtotal) {
    const min_subtotal = { amount: rule.min_subtotal, currency };
    throw refuse(
      'PROMO_MIN_SUBTOTAL',
      `The code ${code} needs a subtotal of at least ${formatMoney(min_subtotal)}`,
      {
        promo_code: code,
        min_subtotal,
        subtotal: { amount: subtotal, currency },
        missing: { amount: rule.min_subtotal - subtotal, currency },
      },
    );
  }
  if (rule.max_uses !== null && usage.total >= rule.max_uses) {
    throw refuse('PROMO_EXHAUSTED', `The code ${code} has been used up`, {
      promo_code: code,
      max_uses: rule.max_uses,
    });
  }
  if (rule.max_uses_per_customer !== null && usage.by_customer >= rule.max_uses_per_customer) {
    const times = rule.max_uses_per_customer === 1 ? 'once' : `${rule.max_uses_per_customer} times`;
    throw refuse('PROMO_ALREADY_USED', `The code ${code} can be used ${times} per customer`, {
      promo_code: code,
      max_uses_per_customer: rule.max_uses_per_customer,
    });
  }
}

/**
 * What `rule` takes off a `subtotal`: a percentage of it rounded half up once (docs/pricing.md), or the
 * fixed amount; never more than the subtotal.
 */
export function discountFor(rule: PromotionRule, subtotal: bigint): bigint {
  const discount =
    rule.kind === 'percentage' ? basisPointsOf(subtotal, BigInt(rule.value)) : BigInt(rule.value);
  return discount < subtotal ? discount : subtotal;
}
