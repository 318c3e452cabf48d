import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Quote } from '@bodega/contracts';
import { isAppError, type AppError } from '@bodega/errors';
import {
  assertPromotionApplies,
  calculateQuote,
  pricingErrorCodes,
  type PricingLine,
  type PricingRules,
  type PromotionRule,
  type PromotionUsage,
  type QuoteRequest,
} from './calculator.js';

const MUG = '01900000-0000-7000-8000-000000000001';
const TEA = '01900000-0000-7000-8000-000000000002';
const POT = '01900000-0000-7000-8000-000000000003';
const NOW = new Date('2026-03-01T12:00:00.000Z');
const MAX = Number.MAX_SAFE_INTEGER;

const line = (product_id: string, quantity: number, amount: number, currency = 'USD'): PricingLine => ({
  product_id,
  quantity,
  unit_price: { amount, currency },
});

const noTaxNoShipping: PricingRules = { tax_rate_bps: 0, shipping_flat: 0, shipping_free_above: null };

const code = (overrides: Partial<PromotionRule> = {}): PromotionRule => ({
  code: 'SPRING10',
  description: '10% off everything',
  kind: 'percentage',
  value: 1000,
  currency: 'USD',
  min_subtotal: 0,
  starts_at: null,
  ends_at: null,
  max_uses: null,
  max_uses_per_customer: null,
  active: true,
  ...overrides,
});

const unused: PromotionUsage = { total: 0, by_customer: 0 };

function quote(
  lines: PricingLine[],
  options: { rules?: Partial<PricingRules>; rule?: PromotionRule; usage?: PromotionUsage } = {},
): Quote {
  return calculateQuote({
    lines,
    rules: { ...noTaxNoShipping, ...options.rules },
    ...(options.rule ? { promotion: { rule: options.rule, usage: options.usage ?? unused } } : {}),
    now: NOW,
  });
}

/** The error a call throws, for assertions on its kind, code and details. */
function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('the price calculator, worked examples', () => {
  it('prices an order: subtotal, 8.25% tax on it rounded half up, flat shipping, total', () => {
    const result = quote([line(TEA, 1, 499), line(MUG, 2, 1250)], {
      rules: { tax_rate_bps: 825, shipping_flat: 500, shipping_free_above: 5000 },
    });
    expect(result).toEqual({
      lines: [
        { product_id: MUG, quantity: 2, unit_price: usd(1250), line_total: usd(2500) },
        { product_id: TEA, quantity: 1, unit_price: usd(499), line_total: usd(499) },
      ],
      // 825 bps of 2999 = 247.4175 -> 247
      totals: { subtotal: usd(2999), discount: usd(0), tax: usd(247), shipping: usd(500), total: usd(3746) },
      promotion: null,
      tax_rate_bps: 825,
    });
  });

  it('merges the lines of one product and sorts lines by product id', () => {
    const result = quote([line(POT, 1, 3000), line(MUG, 2, 1250), line(POT, 2, 3000)]);
    expect(result.lines).toEqual([
      { product_id: MUG, quantity: 2, unit_price: usd(1250), line_total: usd(2500) },
      { product_id: POT, quantity: 3, unit_price: usd(3000), line_total: usd(9000) },
    ]);
    expect(result.totals.subtotal).toEqual(usd(11_500));
  });

  it('rounds tax half up at exactly .5 and down just below it', () => {
    const taxAt = (amount: number, tax_rate_bps: number) =>
      quote([line(MUG, 1, amount)], { rules: { tax_rate_bps } }).totals.tax.amount;
    expect(taxAt(1005, 1000)).toBe(101); // 100.5
    expect(taxAt(1015, 1000)).toBe(102); // 101.5: half up, not half to even
    expect(taxAt(1004, 1000)).toBe(100); // 100.4
    expect(taxAt(2, 2500)).toBe(1); // 0.5
    expect(taxAt(1, 4999)).toBe(0); // 0.4999
  });

  it('rounds once for the whole order, never per line', () => {
    // Three lines of 5 at 10%: per line 0.5 would round to 1 each (3); the order's 1.5 rounds to 2.
    const lines = [line(MUG, 1, 5), line(TEA, 1, 5), line(POT, 1, 5)];
    expect(quote(lines, { rules: { tax_rate_bps: 1000 } }).totals.tax.amount).toBe(2);
    expect(quote(lines, { rule: code({ value: 1000 }) }).totals.discount.amount).toBe(2);
  });

  it('takes a percentage of the subtotal rounded half up, then taxes what is left', () => {
    const spring15 = code({ value: 1500 });
    // 15% of 1010 = 151.5 -> 152; tax 10% of 858 = 85.8 -> 86
    expect(quote([line(MUG, 1, 1010)], { rule: spring15, rules: { tax_rate_bps: 1000 } }).totals).toEqual({
      subtotal: usd(1010),
      discount: usd(152),
      tax: usd(86),
      shipping: usd(0),
      total: usd(944),
    });
    // 15% of 1009 = 151.35 -> 151
    expect(quote([line(MUG, 1, 1009)], { rule: spring15 }).totals.discount).toEqual(usd(151));
  });

  it('never taxes shipping', () => {
    const { totals } = quote([line(MUG, 1, 1000)], { rules: { tax_rate_bps: 2000, shipping_flat: 995 } });
    expect(totals).toMatchObject({ tax: usd(200), shipping: usd(995), total: usd(2195) });
  });

  it('caps a fixed discount at the subtotal, exactly', () => {
    const fiveOff = code({ code: 'FIVEOFF', kind: 'fixed', value: 500, description: '5.00 off' });
    const rules = { tax_rate_bps: 1000, shipping_flat: 300 };
    expect(quote([line(MUG, 1, 499)], { rule: fiveOff, rules }).totals).toEqual({
      subtotal: usd(499),
      discount: usd(499),
      tax: usd(0),
      shipping: usd(300),
      total: usd(300),
    });
    expect(quote([line(MUG, 1, 500)], { rule: fiveOff }).totals.discount).toEqual(usd(500));
    expect(quote([line(MUG, 1, 501)], { rule: fiveOff }).totals).toMatchObject({
      discount: usd(500),
      total: usd(1),
    });
  });

  it('takes everything off at 100% and nothing off a free order', () => {
    expect(quote([line(MUG, 3, 333)], { rule: code({ value: 10_000 }) }).totals.discount).toEqual(usd(999));
    expect(quote([line(MUG, 1, 0)], { rule: code() }).totals).toMatchObject({
      subtotal: usd(0),
      discount: usd(0),
      total: usd(0),
    });
  });

  it('ships free from the threshold on, judged after the discount', () => {
    const rules = { shipping_flat: 500, shipping_free_above: 5000 };
    const shippingOn = (amount: number, rule?: PromotionRule) =>
      quote([line(MUG, 1, amount)], rule ? { rules, rule } : { rules }).totals.shipping.amount;
    expect(shippingOn(5000)).toBe(0);
    expect(shippingOn(4999)).toBe(500);
    expect(shippingOn(5000, code({ kind: 'fixed', value: 1 }))).toBe(500);
    expect(
      quote([line(MUG, 1, 1)], { rules: { shipping_flat: 500, shipping_free_above: 0 } }).totals.shipping,
    ).toEqual(usd(0));
    expect(quote([line(MUG, 1, 10 ** 9)], { rules: { shipping_flat: 500 } }).totals.shipping).toEqual(
      usd(500),
    );
  });

  it('names the applied code and echoes the tax rate', () => {
    const result = quote([line(MUG, 1, 1000)], { rule: code(), rules: { tax_rate_bps: 700 } });
    expect(result.promotion).toEqual({ code: 'SPRING10', description: '10% off everything' });
    expect(result.tax_rate_bps).toBe(700);
  });

  it('applies a percentage code in any currency, a fixed one only in its own', () => {
    const eur = [line(MUG, 1, 2000, 'EUR')];
    expect(quote(eur, { rule: code() }).totals.discount).toEqual({ amount: 200, currency: 'EUR' });
    expect(refusal(() => quote(eur, { rule: code({ kind: 'fixed', value: 500 }) }))).toMatchObject({
      kind: 'unprocessable',
      code: 'PROMO_CURRENCY_MISMATCH',
      details: { promo_code: 'SPRING10', promotion_currency: 'USD', order_currency: 'EUR' },
    });
    // Its minimum is USD money, which an EUR subtotal cannot be compared with.
    expect(refusal(() => quote(eur, { rule: code({ min_subtotal: 1000 }) })).code).toBe(
      'PROMO_CURRENCY_MISMATCH',
    );
  });

  it('holds figures up to the largest exact JSON integer', () => {
    expect(quote([line(MUG, 1, MAX)]).totals.total).toEqual(usd(MAX));
  });
});

describe('the price calculator, refusals', () => {
  it('refuses an order without lines', () => {
    expect(refusal(() => quote([]))).toMatchObject({ kind: 'unprocessable', code: 'EMPTY_ORDER' });
  });

  it.each([
    ['a zero quantity', line(MUG, 0, 100), 'quantity'],
    ['a negative quantity', line(MUG, -2, 100), 'quantity'],
    ['a fractional quantity', line(MUG, 1.5, 100), 'quantity'],
    ['a NaN quantity', line(MUG, Number.NaN, 100), 'quantity'],
    ['a negative price', line(MUG, 1, -1), 'unit_price'],
    ['a fractional price', line(MUG, 1, 9.99), 'unit_price'],
    ['an infinite price', line(MUG, 1, Number.POSITIVE_INFINITY), 'unit_price'],
    ['no product', line('', 1, 100), 'product_id'],
  ])('refuses a line with %s, naming the field', (_name, bad, field) => {
    expect(refusal(() => quote([line(TEA, 1, 100), bad]))).toMatchObject({
      kind: 'unprocessable',
      code: 'INVALID_LINE',
      details: { index: 1, field },
    });
  });

  it('refuses one product at two prices, since either would depend on line order', () => {
    expect(refusal(() => quote([line(MUG, 1, 1300), line(MUG, 1, 1250)]))).toMatchObject({
      code: 'INVALID_LINE',
      details: { product_id: MUG, unit_prices: [usd(1250), usd(1300)] },
    });
  });

  it('allows 999 units of a product across lines, not 1000', () => {
    expect(quote([line(MUG, 600, 1), line(MUG, 399, 1)]).lines[0]?.quantity).toBe(999);
    expect(refusal(() => quote([line(MUG, 600, 1), line(MUG, 400, 1)]))).toMatchObject({
      code: 'INVALID_LINE',
      details: { product_id: MUG, field: 'quantity', quantity: 1000, max_quantity: 999 },
    });
  });

  it('refuses lines in several currencies, listing them', () => {
    const lines = [line(MUG, 1, 100, 'USD'), line(TEA, 1, 100, 'EUR'), line(POT, 1, 100, 'USD')];
    expect(refusal(() => quote(lines))).toMatchObject({
      kind: 'unprocessable',
      code: 'MIXED_CURRENCY',
      details: { currencies: ['EUR', 'USD'] },
    });
  });

  it('refuses any figure past the largest exact JSON integer, naming it', () => {
    const tooLarge = (run: () => unknown) => {
      const error = refusal(run);
      expect(error).toMatchObject({ kind: 'unprocessable', code: 'AMOUNT_TOO_LARGE' });
      return error.details;
    };
    expect(tooLarge(() => quote([line(MUG, 1, MAX + 1)]))).toEqual({
      figure: 'unit_price',
      max_amount: MAX,
      product_id: MUG,
    });
    expect(tooLarge(() => quote([line(MUG, 2, 2 ** 52)]))).toMatchObject({ figure: 'line_total' });
    expect(tooLarge(() => quote([line(MUG, 1, MAX), line(TEA, 1, 1)]))).toMatchObject({ figure: 'subtotal' });
    expect(tooLarge(() => quote([line(MUG, 1, 2 ** 52)], { rules: { tax_rate_bps: 20_000 } }))).toMatchObject(
      {
        figure: 'tax',
      },
    );
    expect(tooLarge(() => quote([line(MUG, 1, MAX)], { rules: { shipping_flat: 1 } }))).toMatchObject({
      figure: 'total',
    });
  });

  it('fails loudly on misconfigured rules instead of pricing with them', () => {
    for (const rules of [{ tax_rate_bps: -1 }, { shipping_flat: 1.5 }, { shipping_free_above: -5 }]) {
      expect(refusal(() => quote([line(MUG, 1, 100)], { rules }))).toMatchObject({
        kind: 'internal',
        code: 'INVALID_PRICING_RULES',
      });
    }
    const broken: [Partial<PromotionRule>, PromotionUsage, string][] = [
      [{ value: 10_001 }, unused, 'value'],
      [{ kind: 'fixed', value: -100 }, unused, 'value'],
      [{ min_subtotal: Number.NaN }, unused, 'min_subtotal'],
      [{ max_uses: -1 }, unused, 'max_uses'],
      [{ max_uses_per_customer: 0.5 }, unused, 'max_uses_per_customer'],
      [{ starts_at: new Date('not a date') }, unused, 'starts_at'],
      [{ ends_at: new Date(Number.NaN) }, unused, 'ends_at'],
      [{}, { total: -1, by_customer: 0 }, 'usage'],
    ];
    for (const [overrides, usage, field] of broken) {
      expect(refusal(() => quote([line(MUG, 1, 100)], { rule: code(overrides), usage }))).toMatchObject({
        kind: 'internal',
        code: 'INVALID_PROMOTION_RULE',
        details: { promo_code: 'SPRING10', field },
      });
    }
  });
});

describe('promotion checks', () => {
  const refused = (rule: PromotionRule, usage: PromotionUsage = unused, amount = 10_000) =>
    refusal(() => quote([line(MUG, 1, amount)], { rule, usage }));
  const applies = (rule: PromotionRule, usage: PromotionUsage = unused, amount = 10_000) =>
    quote([line(MUG, 1, amount)], { rule, usage }).promotion;

  it('refuses an inactive code before anything else', () => {
    expect(refused(code({ active: false, ends_at: new Date(0) }))).toMatchObject({
      kind: 'unprocessable',
      code: 'PROMO_INACTIVE',
      details: { promo_code: 'SPRING10' },
    });
  });

  it('applies from starts_at on, telling an early shopper when it starts', () => {
    expect(applies(code({ starts_at: NOW }))).not.toBeNull();
    const early = refused(code({ starts_at: new Date(NOW.getTime() + 1) }));
    expect(early).toMatchObject({
      code: 'PROMO_NOT_STARTED',
      details: { promo_code: 'SPRING10', starts_at: '2026-03-01T12:00:00.001Z' },
    });
    expect(early.message).toBe('The code SPRING10 can be used from 2026-03-01T12:00:00.001Z');
  });

  it('applies until just before ends_at and has expired at it', () => {
    expect(applies(code({ ends_at: new Date(NOW.getTime() + 1) }))).not.toBeNull();
    expect(refused(code({ ends_at: NOW }))).toMatchObject({
      code: 'PROMO_EXPIRED',
      details: { promo_code: 'SPRING10', ends_at: '2026-03-01T12:00:00.000Z' },
    });
  });

  it('needs the minimum subtotal, reached exactly, and says how much is missing', () => {
    expect(applies(code({ min_subtotal: 5000 }), unused, 5000)).not.toBeNull();
    const short = refused(code({ min_subtotal: 5000 }), unused, 4999);
    expect(short).toMatchObject({
      kind: 'unprocessable',
      code: 'PROMO_MIN_SUBTOTAL',
      details: { promo_code: 'SPRING10', min_subtotal: usd(5000), subtotal: usd(4999), missing: usd(1) },
    });
    expect(short.message).toBe('The code SPRING10 needs a subtotal of at least 50.00 USD');
  });

  it('is used up once redemptions reach max_uses', () => {
    expect(applies(code({ max_uses: 100 }), { total: 99, by_customer: 0 })).not.toBeNull();
    expect(refused(code({ max_uses: 100 }), { total: 100, by_customer: 0 })).toMatchObject({
      code: 'PROMO_EXHAUSTED',
      details: { promo_code: 'SPRING10', max_uses: 100 },
    });
  });

  it('is refused to a customer who reached max_uses_per_customer', () => {
    expect(applies(code({ max_uses_per_customer: 2 }), { total: 50, by_customer: 1 })).not.toBeNull();
    const again = refused(code({ max_uses_per_customer: 1 }), { total: 50, by_customer: 1 });
    expect(again).toMatchObject({
      code: 'PROMO_ALREADY_USED',
      details: { promo_code: 'SPRING10', max_uses_per_customer: 1 },
    });
    expect(again.message).toBe('The code SPRING10 can be used once per customer');
    expect(refused(code({ max_uses_per_customer: 3 }), { total: 9, by_customer: 3 }).message).toBe(
      'The code SPRING10 can be used 3 times per customer',
    );
  });

  it('can be checked alone, as the orders service does when it redeems a code under a lock', () => {
    const rule = code({ max_uses: 10 });
    expect(() => {
      assertPromotionApplies(rule, { total: 9, by_customer: 0 }, 100, 'USD', NOW);
    }).not.toThrow();
    expect(
      refusal(() => {
        assertPromotionApplies(rule, { total: 10, by_customer: 0 }, 100, 'USD', NOW);
      }).code,
    ).toBe('PROMO_EXHAUSTED');
    expect(() => {
      assertPromotionApplies(rule, unused, 100, 'USD', new Date(Number.NaN));
    }).toThrow(RangeError);
  });
});

describe('the price calculator, properties over arbitrary orders', () => {
  const products = [
    MUG,
    TEA,
    POT,
    '01900000-0000-7000-8000-00000000000a',
    '01900000-0000-7000-8000-00000000000b',
  ];
  const currencies = ['USD', 'EUR', 'JPY'];
  // Mostly everyday prices, sometimes very large ones (totals near 10^15, where rounding slips show).
  const amount = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10 ** 12 }));
  const day = 86_400_000;

  // Each product has one price; lines repeat products freely but stay within 999 units once merged.
  const lines = fc
    .record({
      currency: fc.constantFrom(...currencies),
      prices: fc.array(amount, { minLength: products.length, maxLength: products.length }),
      picks: fc.array(
        fc.record({
          product: fc.nat({ max: products.length - 1 }),
          quantity: fc.integer({ min: 1, max: 100 }),
        }),
        { minLength: 1, maxLength: 9 },
      ),
    })
    .map(({ currency, prices, picks }) =>
      picks.map(({ product, quantity }) => line(products[product]!, quantity, prices[product]!, currency)),
    );

  const rules = fc.record({
    tax_rate_bps: fc.integer({ min: 0, max: 3000 }),
    shipping_flat: fc.integer({ min: 0, max: 5000 }),
    shipping_free_above: fc.option(fc.oneof(amount, fc.integer({ min: 0, max: 10 ** 15 })), { nil: null }),
  });

  /** A promotion that always applies, or (applicable = false) any promotion at all. */
  const promotion = (applicable: boolean) =>
    fc.record({
      kind: fc.constantFrom<PromotionRule['kind']>('percentage', 'fixed'),
      percentage: fc.integer({ min: 0, max: 10_000 }),
      fixed: amount,
      currency: fc.constantFrom(...currencies),
      min_subtotal: applicable ? fc.constant(0) : fc.oneof(fc.constant(0), amount),
      starts_in: fc.option(fc.integer({ min: -day, max: applicable ? 0 : day }), { nil: null }),
      ends_in: fc.option(fc.integer({ min: applicable ? 1 : -day, max: day }), { nil: null }),
      max_uses: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
      max_uses_per_customer: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
      used: fc.integer({ min: 0, max: applicable ? 0 : 6 }),
      used_by_customer: fc.integer({ min: 0, max: applicable ? 0 : 4 }),
      active: applicable ? fc.constant(true) : fc.constantFrom(true, true, true, false),
    });

  const requests = (applicable: boolean) =>
    fc
      .record({ lines, rules, promotion: fc.option(promotion(applicable), { nil: undefined }) })
      .map(({ lines, rules, promotion: p }): QuoteRequest => {
        const request: QuoteRequest = { lines, rules, now: NOW };
        if (p === undefined) return request;
        const orderCurrency = lines[0]!.unit_price.currency;
        const rule = code({
          kind: p.kind,
          value: p.kind === 'percentage' ? p.percentage : p.fixed,
          // An applicable fixed code is in the order's currency; a percentage one may be in any.
          currency: applicable && p.kind === 'fixed' ? orderCurrency : p.currency,
          min_subtotal: p.min_subtotal,
          starts_at: p.starts_in === null ? null : new Date(NOW.getTime() + p.starts_in),
          ends_at: p.ends_in === null ? null : new Date(NOW.getTime() + p.ends_in),
          max_uses: p.max_uses,
          max_uses_per_customer: p.max_uses_per_customer,
          active: p.active,
        });
        return { ...request, promotion: { rule, usage: { total: p.used, by_customer: p.used_by_customer } } };
      });

  // Half of these apply and half may be refused, so both outcomes are compared often.
  const anyRequests = fc.oneof(requests(true), requests(false));

  /** A quote, or the code it was refused with: what a shopper would see. */
  function outcome(request: QuoteRequest): { quote: Quote } | { refused: string } {
    try {
      return { quote: calculateQuote(request) };
    } catch (error) {
      if (!isAppError(error) || error.kind !== 'unprocessable') throw error;
      expect(pricingErrorCodes).toContain(error.code);
      return { refused: error.code };
    }
  }

  it('adds up: total = subtotal - discount + tax + shipping, nothing negative, discount within subtotal', () => {
    fc.assert(
      fc.property(requests(true), (request) => {
        const { lines: quoted, totals, promotion: applied } = calculateQuote(request);
        const { subtotal, discount, tax, shipping, total } = totals;
        expect(total.amount).toBe(subtotal.amount - discount.amount + tax.amount + shipping.amount);
        for (const figure of [...Object.values(totals), ...quoted.map((l) => l.line_total)]) {
          expect(Number.isSafeInteger(figure.amount) && figure.amount >= 0).toBe(true);
        }
        expect(discount.amount).toBeLessThanOrEqual(subtotal.amount);
        expect(applied === null).toBe(request.promotion === undefined);
        // Tax is the exact rate of (subtotal - discount), rounded half up: within (-0.5, +0.5].
        const exact = BigInt(request.rules.tax_rate_bps) * BigInt(subtotal.amount - discount.amount);
        const off = BigInt(tax.amount) * 10_000n - exact;
        expect(off > -5000n && off <= 5000n).toBe(true);
      }),
    );
  });

  it('makes the subtotal the sum of quantity times unit price, and of the line totals', () => {
    fc.assert(
      fc.property(requests(true), (request) => {
        const { lines: quoted, totals } = calculateQuote(request);
        const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
        const expected = sum(request.lines.map((l) => BigInt(l.quantity) * BigInt(l.unit_price.amount)));
        expect(BigInt(totals.subtotal.amount)).toBe(expected);
        expect(sum(quoted.map((l) => BigInt(l.line_total.amount)))).toBe(expected);
      }),
    );
  });

  it('gives the identical quote, or refusal, whatever the order of the lines', () => {
    const shuffled = anyRequests.chain((request) =>
      fc
        .shuffledSubarray(request.lines, { minLength: request.lines.length, maxLength: request.lines.length })
        .map((permuted) => [request, { ...request, lines: permuted }] as const),
    );
    fc.assert(
      fc.property(shuffled, ([request, permuted]) => {
        expect(outcome(permuted)).toEqual(outcome(request));
      }),
    );
  });

  it('gives the identical quote, or refusal, when a line is split in two', () => {
    fc.assert(
      fc.property(anyRequests, fc.nat(), fc.nat(), fc.nat(), (request, which, cut, where) => {
        const index = which % request.lines.length;
        const original = request.lines[index]!;
        fc.pre(original.quantity >= 2);
        const first = 1 + (cut % (original.quantity - 1));
        const split = request.lines.map((l, i) => (i === index ? { ...l, quantity: first } : l));
        split.splice(where % (split.length + 1), 0, { ...original, quantity: original.quantity - first });
        expect(outcome({ ...request, lines: split })).toEqual(outcome(request));
      }),
    );
  });
});
