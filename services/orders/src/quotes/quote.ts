import { Type, type Static } from '@sinclair/typebox';
import type { Principal } from '@bodega/auth';
import { Quantity, Uuid, type Quote } from '@bodega/contracts';
import type { Executor } from '@bodega/db';
import { pricingRules, type OrdersDeps } from '../deps.js';
import { calculateQuote, type QuoteRequest } from '../pricing/calculator.js';
import { toPromotionRule } from '../promotions/promotion.js';
import { getPromotionForShopper, promotionUsage } from '../promotions/promotion-store.js';
import { pricingLines, purchasableProducts, type ItemRequest } from './live-products.js';
import { taxRateFor } from './tax-rates.js';

/** One line of an order or a quote request. */
export const ItemInput = Type.Object(
  { product_id: Uuid, quantity: Quantity },
  { additionalProperties: false },
);
export const Items = Type.Array(ItemInput, { minItems: 1, maxItems: 100 });
/** A code as typed by a shopper (case does not matter). */
export const PromoCodeInput = Type.String({ minLength: 1, maxLength: 64 });
export const CountryInput = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' });

/** POST /pricing/quote. */
export const QuoteInput = Type.Object(
  { items: Items, promo_code: Type.Optional(PromoCodeInput), country: Type.Optional(CountryInput) },
  { additionalProperties: false },
);
export type QuoteInput = Static<typeof QuoteInput>;

/** The promotion part of a quote request: the rule and its usage so far (per customer when known). */
export async function promotionFor(
  db: Executor,
  promoCode: string | undefined,
  customerId: string | undefined,
): Promise<QuoteRequest['promotion']> {
  if (promoCode === undefined) return undefined;
  const row = await getPromotionForShopper(db, promoCode);
  return { rule: toPromotionRule(row), usage: await promotionUsage(db, row, customerId) };
}

export interface PricedItems {
  quote: Quote;
  products: Awaited<ReturnType<typeof purchasableProducts>>;
}

/**
 * Prices items at live catalog prices with the promotion and the destination's tax. The catalog call
 * and the database reads run at once: they do not depend on each other.
 */
export async function priceItems(
  deps: OrdersDeps,
  request: { items: readonly ItemRequest[]; promoCode?: string | undefined; country?: string | undefined },
  customerId: string | undefined,
): Promise<PricedItems> {
  const [products, promotion, taxRateBps] = await Promise.all([
    purchasableProducts(deps.catalog, request.items),
    promotionFor(deps.db, request.promoCode, customerId),
    taxRateFor(deps.db, request.country, deps.pricing.defaultTaxRateBps),
  ]);
  const quote = calculateQuote({
    lines: pricingLines(request.items, products),
    ...(promotion ? { promotion } : {}),
    rules: pricingRules(deps.pricing, taxRateBps),
    now: deps.now(),
  });
  return { quote, products };
}

/** POST /pricing/quote: anyone may ask; a signed-in customer's own uses of the code count. */
export async function quote(
  deps: OrdersDeps,
  principal: Principal | undefined,
  input: QuoteInput,
): Promise<Quote> {
  const priced = await priceItems(
    deps,
    { items: input.items, promoCode: input.promo_code, country: input.country },
    principal?.user_id,
  );
  return priced.quote;
}
