/** Money as the API sends it: integer minor units and an ISO 4217 code. */
export interface Money {
  amount: number;
  currency: string;
}

const formats = new Map<string, Intl.NumberFormat>();

/** `{ amount: 1999, currency: 'USD' }` as "$19.99" (the currency's own number of decimals). */
export function formatMoney(money: Money): string {
  let format = formats.get(money.currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency: money.currency });
    formats.set(money.currency, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amount / 10 ** digits);
}

/** Dollars typed by a person ("12.50") as minor units (1250); undefined when it is not a price. */
export function toMinorUnits(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return undefined;
  return Math.round(Number(trimmed) * 100);
}
