/**
 * The price calculator: lines, an optional promotion and the pricing rules in, a Quote out. Pure (the
 * clock comes in as `now`), exact (integer minor units, bigint while computing) and independent of line
 * order. The rules, the order of the figures and the rounding are written down in docs/pricing.md.
 */
import type { Money, Quote } from '@bodega/contracts';
import { Internal } from '@bodega/errors';
import { mergeLines } from './lines.js';
import { basisPointsOf, isAmount, toAmount } from './money.js';
import { assertPromotionApplies, discountFor } from './promotion.js';

export { MAX_LINE_QUANTITY } from './lines.js';
export { basisPointsOf, formatMoney, MAX_AMOUNT, roundHalfUp } from './money.js';
export { assertPromotionApplies, discountFor } from './promotion.js';

/** One line to price; lines of the same product are merged. */
export interface PricingLine {
  product_id: string;
  quantity: number;
  unit_price: Money;
}

/** A promotion code as the calculator needs it (the orders service maps its stored row to this). */
export interface PromotionRule {
  code: string;
  description: string;
  kind: 'percentage' | 'fixed';
  /** percentage: basis points (1000 = 10%, at most 10000); fixed: minor units */
  value: number;
  currency: string;
  /** minor units; 0 = none; compared with the subtotal */
  min_subtotal: number;
  starts_at: Date | null;
  ends_at: Date | null; // valid when starts_at <= now < ends_at
  max_uses: number | null;
  max_uses_per_customer: number | null;
  active: boolean;
}

/** Redemptions counted so far (orders placed or in checkout with this code). */
export interface PromotionUsage {
  total: number;
  by_customer: number;
}

/** Tax and shipping, as configured for the order's destination. */
export interface PricingRules {
  tax_rate_bps: number; // applied to (subtotal - discount); shipping is not taxed
  shipping_flat: number; // minor units
  shipping_free_above: number | null; // free shipping when (subtotal - discount) >= this
}

/** Everything a quote depends on; nothing else is read. */
export interface QuoteRequest {
  lines: PricingLine[];
  promotion?: { rule: PromotionRule; usage: PromotionUsage };
  rules: PricingRules;
  now: Date;
}

/** The codes of the Unprocessable (422) errors `calculateQuote` throws, for READMEs and clients. */
export const pricingErrorCodes = [
  'EMPTY_ORDER',
  'INVALID_LINE',
  'MIXED_CURRENCY',
  'AMOUNT_TOO_LARGE',
  'PROMO_INACTIVE',
  'PROMO_NOT_STARTED',
  'PROMO_EXPIRED',
  'PROMO_CURRENCY_MISMATCH',
  'PROMO_MIN_SUBTOTAL',
  'PROMO_EXHAUSTED',
  'PROMO_ALREADY_USED',
] as const;

function assertWellFormedRules(rules: PricingRules): void {
  const { tax_rate_bps, shipping_flat, shipping_free_above } = rules;
  if (!isAmount(tax_rate_bps) || !isAmount(shipping_flat) || !isAmount(shipping_free_above ?? 0)) {
    // Stored configuration, not shopper input: a wrong price would be worse than a loud failure.
    throw Internal('The pricing rules are misconfigured', { code: 'INVALID_PRICING_RULES' });
  }
}

/**
 * Prices an order. In order: merge and total the lines (subtotal), check and apply the promotion
 * (discount), then tax on (subtotal - discount), then shipping; total = subtotal - discount + tax +
 * shipping. Throws Unprocessable with one of `pricingErrorCodes` (see docs/pricing.md).
 */
export function calculateQuote(request: QuoteRequest): Quote {
  const { rules, promotion, now } = request;
  assertWellFormedRules(rules);
  const { currency, lines, subtotal } = mergeLines(request.lines);
  const money = (amount: bigint, figure: string): Money => ({
    amount: toAmount(amount, figure),
    currency,
  });
  const subtotalMoney = money(subtotal, 'subtotal');

  if (promotion) assertPromotionApplies(promotion.rule, promotion.usage, subtotalMoney.amount, currency, now);
  const discount = promotion ? discountFor(promotion.rule, subtotal) : 0n;
  const discounted = subtotal - discount;
  const tax = basisPointsOf(discounted, BigInt(rules.tax_rate_bps));
  const freeShipping = rules.shipping_free_above !== null && discounted >= BigInt(rules.shipping_free_above);
  const shipping = freeShipping ? 0n : BigInt(rules.shipping_flat);

  return {
    lines,
    totals: {
      subtotal: subtotalMoney,
      discount: money(discount, 'discount'),
      tax: money(tax, 'tax'),
      shipping: money(shipping, 'shipping'),
      total: money(discounted + tax + shipping, 'total'),
    },
    promotion: promotion ? { code: promotion.rule.code, description: promotion.rule.description } : null,
    tax_rate_bps: rules.tax_rate_bps,
  };
}
