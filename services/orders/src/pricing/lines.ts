/**
 * The lines of a quote: validated, merged by product and sorted, so that neither line order nor how a
 * quantity is split across lines can change a price.
 */
import type { Money, QuoteLine } from '@bodega/contracts';
import { AppError } from '@bodega/errors';
import type { PricingLine } from './calculator.js';
import { toAmount } from './money.js';

/** The most units of one product a quote holds, as contracts `Quantity` allows (after merging). */
export const MAX_LINE_QUANTITY = 999;

/** The lines of a quote, ready to total: one per product, sorted by product id, all in `currency`. */
export interface MergedLines {
  currency: string;
  lines: QuoteLine[];
  subtotal: bigint;
}

function invalidLine(message: string, details: Record<string, unknown>): AppError {
  return new AppError('unprocessable', message, { code: 'INVALID_LINE', details });
}

function checkLine(line: PricingLine, index: number): void {
  const { product_id, quantity, unit_price } = line;
  if (product_id === '') {
    throw invalidLine(`Line ${index + 1} names no product`, { index, field: 'product_id' });
  }
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    throw invalidLine(`The quantity of ${product_id} must be a whole number of at least 1`, {
      index,
      product_id,
      field: 'quantity',
      quantity,
    });
  }
  if (!Number.isInteger(unit_price.amount) || unit_price.amount < 0) {
    throw invalidLine(`The unit price of ${product_id} must be a whole, non-negative amount`, {
      index,
      product_id,
      field: 'unit_price',
      unit_price,
    });
  }
  toAmount(BigInt(unit_price.amount), 'unit_price', { product_id });
}

function checkOneCurrency(lines: readonly PricingLine[]): string {
  const currencies = [...new Set(lines.map((line) => line.unit_price.currency))].sort();
  const [currency] = currencies;
  if (currency === undefined || currencies.length > 1) {
    throw new AppError('unprocessable', 'An order is priced in one currency; these lines mix several', {
      code: 'MIXED_CURRENCY',
      details: { currencies },
    });
  }
  return currency;
}

/**
 * Validates the lines and merges those of one product (quantities add). Unprocessable `EMPTY_ORDER`
 * without lines, `INVALID_LINE` for a bad quantity or price (or one product at two prices, or more than
 * MAX_LINE_QUANTITY units), `MIXED_CURRENCY` across lines, `AMOUNT_TOO_LARGE` past MAX_AMOUNT.
 */
export function mergeLines(lines: readonly PricingLine[]): MergedLines {
  if (lines.length === 0) {
    throw new AppError('unprocessable', 'There is nothing to price: the order has no lines', {
      code: 'EMPTY_ORDER',
    });
  }
  lines.forEach(checkLine);
  const currency = checkOneCurrency(lines);

  const merged = new Map<string, { quantity: number; unit_price: Money }>();
  for (const { product_id, quantity, unit_price } of lines) {
    const seen = merged.get(product_id);
    if (seen === undefined) {
      merged.set(product_id, { quantity, unit_price: { amount: unit_price.amount, currency } });
    } else if (seen.unit_price.amount !== unit_price.amount) {
      // Picking either price would make the quote depend on line order; the caller has a stale line.
      throw invalidLine(`${product_id} appears at two different unit prices`, {
        product_id,
        field: 'unit_price',
        unit_prices: [seen.unit_price, unit_price].sort((a, b) => a.amount - b.amount),
      });
    } else {
      seen.quantity += quantity;
    }
  }

  // Code-unit order, not localeCompare: the same ids sort the same way on every machine. Ids are
  // unique once merged, so no two compare equal.
  const sorted = [...merged].sort(([a], [b]) => (a < b ? -1 : 1));
  let subtotal = 0n;
  const quoteLines = sorted.map(([product_id, { quantity, unit_price }]): QuoteLine => {
    if (quantity > MAX_LINE_QUANTITY) {
      throw invalidLine(`At most ${MAX_LINE_QUANTITY} units of ${product_id} fit in one order`, {
        product_id,
        field: 'quantity',
        quantity,
        max_quantity: MAX_LINE_QUANTITY,
      });
    }
    const lineTotal = BigInt(quantity) * BigInt(unit_price.amount);
    subtotal += lineTotal;
    return {
      product_id,
      quantity,
      unit_price,
      line_total: { amount: toAmount(lineTotal, 'line_total', { product_id }), currency },
    };
  });
  return { currency, lines: quoteLines, subtotal };
}
